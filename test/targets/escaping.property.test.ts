// Property tests of the "Escaping" part: arbitrary titles and arguments (quotes, `$`, `;`,
// backslashes, newlines, non-ASCII) never break out of their quoting. GRUB output is read back
// with an independent GRUB word reader and a sample goes through grub-script-check; iPXE output
// either carries each value verbatim (read back with an iPXE tokenizer) or is refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Site } from '../../src/model/types.js';
import { cmdArg, cmdProblem } from '../../src/targets/bcd/escape.js';
import { dhcpdString } from '../../src/targets/dhcpd/escape.js';
import { grubTarget } from '../../src/targets/grub/index.js';
import { ipxeTarget } from '../../src/targets/ipxe/index.js';
import { vbootTarget } from '../../src/targets/vboot/index.js';
import { asUpstreamGrub, checkGrubScript, grubScriptCheck } from '../helpers/grub-check.js';
import { grubCommands } from '../helpers/grub-parse.js';
import { expansions, parseIpxe } from '../helpers/ipxe-parse.js';
import { oraclesPresent } from '../helpers/oracle.js';
import { disk, linux, makeSite } from '../helpers/site.js';
import { repoTemplates } from '../helpers/templates.js';

const templates = repoTemplates();
const NASTY = ["'", '"', '$', '${x}', ';', '\\', '\n', '\r', '\t', ' ', '  ', '{', '}', '#', '||', '&&', '%', '!', '^', '&', '|', '<', '>', '(', ')', '=', 'ü', '€', '日', '😀', '-', 'a', 'Z', '0'];
const text = fc.string({ unit: fc.oneof(fc.constantFrom(...NASTY), fc.string({ unit: 'binary', minLength: 1, maxLength: 1 })), maxLength: 24 });
const noNul = text.filter((s) => !s.includes('\u0000'));

function linuxSite(title: string, args: string, snapshotTitle = 'Snapshot 1'): Site {
  return makeSite({
    network: true,
    images: [{ id: 'base', path: 'images/base.vhd' }, { id: 'child', path: 'images/child.vhd', parent: 'base' }],
    entries: [
      { id: 'e', title, boot: linux({ kernel: '/vmlinuz', initrd: ['/initrd'], args }) },
      { id: 'd', title, boot: disk('base', { session: 'snapshot', snapshot: { path: undefined, title: snapshotTitle, restore: false, children: [{ title: snapshotTitle, disk: 'child', children: [] }] } }) },
    ],
    machines: [{ name: 'm' }],
    media: { usb: { sizeBytes: 1 << 28, table: 'gpt', firmware: ['bios'], secureBoot: false, label: 'LAB', dialect: 'vboot', origin: { file: 'site.yaml' } } },
  });
}

function contentOf(r: { value: readonly { content: string | Uint8Array }[] }, i = 0): string {
  const c = r.value[i]?.content;
  if (typeof c !== 'string') throw new Error('no output');
  return c;
}

/** GRUB kernel words: whitespace splits, double quotes group (Linux's own reading). */
function kernelWords(args: string): string[] {
  return (args.match(/(?:[^\s"]+|"[^"]*"?)+/g) ?? []).map((w) => w.replaceAll('"', ''));
}

const shape = (cfg: string): string[] => grubCommands(cfg).map((c) => c.words[0]!);
const baseline = {
  grub: shape(contentOf(grubTarget.render(linuxSite('t', 'a'), { templates }))),
  vboot: shape(contentOf(vbootTarget.render(linuxSite('t', 'a'), { templates }))),
};

describe('GRUB quoting holds for arbitrary titles and arguments', () => {
  it('upstream: the same commands, the title and every kernel word read back verbatim', () => {
    fc.assert(
      fc.property(noNul, noNul, (title, args) => {
        const cfg = contentOf(grubTarget.render(linuxSite(title, args), { templates }));
        expect(shape(cfg)).toEqual(baseline.grub);
        const cmds = grubCommands(cfg);
        expect(cmds.find((c) => c.words[0] === 'menuentry')?.words[1]).toBe(title);
        expect(cmds.find((c) => c.words[0] === 'linux')?.words.slice(2)).toEqual(kernelWords(args));
      }),
      { numRuns: 300 },
    );
  });

  it('vboot: titles of entries, snapshots and new_menu_entry read back verbatim', () => {
    fc.assert(
      fc.property(noNul, noNul, (title, snap) => {
        const cfg = contentOf(vbootTarget.render(linuxSite(title, 'a', snap), { templates }));
        expect(shape(cfg)).toEqual(baseline.vboot);
        const cmds = grubCommands(cfg);
        expect(cmds.filter((c) => c.words[0] === 'menuentry').map((c) => c.words[1])).toEqual([title, title]);
        expect(cmds.find((c) => c.words[0] === 'snapshotentry')?.words[1]).toBe(snap);
        expect(cmds.find((c) => c.words[0] === 'vboot')?.words).toContain(`new_menu_entry=${snap}`);
      }),
      { numRuns: 200 },
    );
  });

  it('a NUL byte is refused, never written', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        const r = grubTarget.render(linuxSite(`${a}\u0000${b}`, 'x'), { templates });
        expect(r.value).toEqual([]);
        expect(r.diagnostics.some((d) => d.code === 'target/unsafe-value')).toBe(true);
      }),
      { numRuns: 50 },
    );
  });
});

describe.skipIf(!oraclesPresent([grubScriptCheck], 'grub quoting sample'))('grub-script-check on a sample of 50 arbitrary configs', () => {
  it('accepts every one (upstream and vboot)', () => {
    const samples = fc.sample(fc.tuple(noNul, noNul), { numRuns: 50, seed: 4173 });
    for (const [title, args] of samples) {
      const site = linuxSite(title, args, title);
      for (const cfg of [contentOf(grubTarget.render(site, { templates })), asUpstreamGrub(contentOf(vbootTarget.render(site, { templates })))]) {
        const r = checkGrubScript({ text: cfg });
        expect({ status: r.status, output: r.output, title, args }).toEqual({ status: 0, output: '', title, args });
      }
    }
  });
});

describe('iPXE carries a value verbatim or refuses it', () => {
  it('titles and kernel arguments', () => {
    fc.assert(
      fc.property(text, text, (title, args) => {
        const r = ipxeTarget.render(linuxSite(title, args), { templates });
        if (r.value.length === 0) {
          const refused = r.diagnostics.filter((d) => d.code === 'target/unsafe-value' && d.severity === 'error').map((d) => d.found);
          expect(refused.length).toBeGreaterThan(0);
          const words = args.trim() === '' ? [] : args.trim().split(/ +/);
          for (const f of refused) expect([title, ...words].map((v) => JSON.stringify(v))).toContain(f);
          return;
        }
        const script = parseIpxe(contentOf(r, 1));
        const item = script.lines.find((l) => l[0]?.tokens[0] === 'item' && l[0].tokens[1] === 'e')?.[0];
        expect(item?.tokens.slice(2).join(' ')).toBe(title);
        expect(item?.then).toBeUndefined();
        const kernel = script.lines.find((l) => l[0]?.tokens[0] === 'kernel')!;
        // the user's words verbatim, then the initrd's name for UEFI kernels unless already given
        const words = args.trim() === '' ? [] : args.trim().split(/ +/);
        const named = words.includes('initrd=initrd') ? [] : ['initrd=initrd'];
        expect(kernel[0]!.tokens.slice(2)).toEqual([...words, ...named]);
        expect(kernel[0]!.then).toBe('||');
        const used = new Set(script.lines.flatMap((l) => l.flatMap((c) => c.tokens.flatMap(expansions))));
        for (const name of used) expect(['base', 'target']).toContain(name);
      }),
      { numRuns: 400 },
    );
  });
});

describe('DHCP and cmd strings', () => {
  it('dhcpdString reads back with dhcpd string escapes', () => {
    fc.assert(
      fc.property(text, (s) => {
        const q = dhcpdString(s);
        expect(q.startsWith('"') && q.endsWith('"')).toBe(true);
        const body = q.slice(1, -1);
        expect(body).not.toMatch(/(^|[^\\])(\\\\)*"/);
        const back = body.replace(/\\([0-7]{3}|.)/g, (_m, e: string) => (e.length === 3 ? String.fromCharCode(parseInt(e, 8)) : e));
        expect(back).toBe(s);
      }),
    );
  });

  it('cmdArg keeps one quoted argument or the value is refused', () => {
    fc.assert(
      fc.property(text, (s) => {
        if (cmdProblem(s) !== undefined) return;
        const q = cmdArg(s);
        expect(q.slice(1, -1)).not.toContain('"');
        expect(q.slice(1, -1).replaceAll('%%', '%').replace(/(\\+)$/, (m) => m.slice(m.length / 2))).toBe(s);
      }),
    );
  });
});
