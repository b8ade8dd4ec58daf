import { describe, expect, it } from 'vitest';
import type { Site } from '../../../src/model/types.js';
import { ipxeTarget } from '../../../src/targets/ipxe/index.js';
import { aoeAddress, iqnFor } from '../../../src/targets/san-naming.js';
import { lanpartySite } from '../../helpers/example-sites.js';
import { expansions, parseIpxe, type IpxeScript } from '../../helpers/ipxe-parse.js';
import { cdrom, disk, linux, makeSite, raw, wim } from '../../helpers/site.js';
import { repoTemplates } from '../../helpers/templates.js';

const templates = repoTemplates();

function scripts(site: Site, machine?: string): Record<string, string> {
  const r = ipxeTarget.render(site, machine === undefined ? { templates } : { templates, machine });
  return Object.fromEntries(r.value.map((a) => [a.path, String(a.content)]));
}

/** Each command line as text, separators included. */
function commandLines(script: IpxeScript): string[] {
  return script.lines.map((cmds) => cmds.map((c) => [...c.tokens, ...(c.then ? [c.then] : [])].join(' ')).join(' '));
}

const BOOTING = new Set(['sanboot', 'kernel', 'initrd', 'boot', 'chain', 'choose']);

/** Every command that can fail is followed by `|| goto <label>`, and every goto lands on a label. */
function expectFailureHandling(text: string): void {
  const script = parseIpxe(text);
  for (const cmds of script.lines) {
    const first = cmds[0]!;
    if (BOOTING.has(first.tokens[0]!)) {
      expect(first.then, `line ${first.line}: ${first.tokens.join(' ')}`).toBe('||');
      expect(cmds[1]?.tokens[0]).toBe('goto');
    }
    for (const c of cmds) {
      const target = c.tokens[0] === 'goto' ? c.tokens[1]! : undefined;
      if (target !== undefined && target !== '${target}') expect(script.labels, `goto ${target}`).toContain(target);
    }
  }
}

describe('iPXE target on the lanparty example', () => {
  const site = lanpartySite();
  const out = scripts(site);
  const cutman = out['ipxe/machines/52-54-00-00-00-01.ipxe']!;

  it('writes boot.ipxe and one script per machine, named by ${mac:hexhyp}', () => {
    expect(Object.keys(out)).toHaveLength(13);
    expect(out['ipxe/machines/52-54-00-00-00-0c.ipxe']).toContain('machine flashman (52:54:00:00:00:0c)');
  });

  it('boot.ipxe chains the machine script and falls back to the site menu without disk entries', () => {
    const boot = parseIpxe(out['ipxe/boot.ipxe']!);
    const lines = commandLines(boot);
    expect(lines).toContain('set base http://10.0.0.1/boot');
    expect(lines).toContain('chain --replace --autofree ${base}/ipxe/machines/${mac:hexhyp}.ipxe || goto bootgen-site-menu');
    expect(lines.filter((l) => l.startsWith('item '))).toEqual(['item rescue Rescue shell']);
    expectFailureHandling(out['ipxe/boot.ipxe']!);
  });

  it('offers the machine its entries with timeout in ms and its default', () => {
    const lines = commandLines(parseIpxe(cutman));
    expect(lines.filter((l) => /^(menu|item|choose) /.test(l))).toEqual([
      'menu LAN party',
      'item play Windows (LAN play)',
      'item persist Windows (keep changes)',
      'item rescue Rescue shell',
      'choose --timeout 5000 --default play target || goto bootgen-cancel',
    ]);
  });

  it('sanboots its own overlay per entry by RFC 4173 root path, keeping the SAN for Windows', () => {
    const lines = commandLines(parseIpxe(cutman));
    const iqn = iqnFor(site, site.machines[0]!, site.entries[0]!);
    expect(iqn).toBe('iqn.2026-01.bootgen.lanparty:cutman-play');
    expect(lines).toContain(`sanboot iscsi:10.0.0.1:::1:${iqn} || goto bootgen-failed`);
    expect(lines).toContain('sanboot iscsi:10.0.0.1:::1:iqn.2026-01.bootgen.lanparty:cutman-persist || goto bootgen-failed');
    expect(lines.filter((l) => l === 'set keep-san 1')).toHaveLength(2);
    expectFailureHandling(cutman);
  });

  it('uses the AoE shelf and slot vblade gets, and HTTP SAN URLs', () => {
    const aoe = lanpartySite({ san: 'aoe' });
    const gutsman = scripts(aoe)['ipxe/machines/52-54-00-00-00-02.ipxe']!;
    expect(aoeAddress(aoe, aoe.machines[1]!, aoe.entries[1]!)).toEqual({ shelf: 9, slot: 3 });
    expect(gutsman).toContain('sanboot aoe:e9.3 || goto bootgen-failed');
    const http = scripts(lanpartySite({ san: 'http' }))['ipxe/machines/52-54-00-00-00-01.ipxe']!;
    expect(http).toContain('sanboot http://10.0.0.1/boot/san/cutman-play.img || goto bootgen-failed');
    expect(http).not.toContain('keep-san');
  });

  it('renders one machine when asked', () => {
    expect(Object.keys(scripts(site, 'iceman'))).toEqual(['ipxe/boot.ipxe', 'ipxe/machines/52-54-00-00-00-03.ipxe']);
  });
});

describe('iPXE entries', () => {
  const site = makeSite({
    network: true,
    images: [{ id: 'ubuntu', path: 'isos/ubuntu.iso' }, { id: 'tools', path: 'isos/tools.iso' }, { id: 'xp', path: 'images/xp.vhd' }],
    entries: [
      { id: 'live', title: 'Ubuntu', boot: linux({ from: 'ubuntu', kernel: '/casper/vmlinuz', initrd: ['/casper/initrd', '/casper/extra'], args: 'boot=casper foo="a b"' }) },
      { id: 'pe', title: 'WinPE', boot: wim() },
      { id: 'tools', title: 'Tools', boot: cdrom('tools') },
      { id: 'snap', title: 'Snap', boot: disk('xp', { session: 'snapshot' }) },
      { id: 'noipxe', boot: raw(), raw: { grub: 'echo' } },
    ],
    machines: [{ name: 'm1' }],
  });
  const out = scripts(site)['ipxe/machines/52-54-00-00-00-01.ipxe']!;
  const lines = commandLines(parseIpxe(out));

  it('boots a kernel and initrds (read out of the ISO into the tree), each initrd named for UEFI', () => {
    expect(lines).toContain('kernel ${base}/iso/ubuntu/casper/vmlinuz boot=casper foo="a b" initrd=initrd initrd=extra || goto bootgen-failed');
    expect(lines).toContain('initrd -n initrd ${base}/iso/ubuntu/casper/initrd || goto bootgen-failed');
    expect(lines).toContain('initrd -n extra ${base}/iso/ubuntu/casper/extra || goto bootgen-failed');
  });

  it('boots WinPE through wimboot with the files bootmgr expects', () => {
    const i = lines.indexOf('kernel ${base}/wimboot || goto bootgen-failed');
    expect(lines.slice(i, i + 6)).toEqual([
      'kernel ${base}/wimboot || goto bootgen-failed',
      'initrd -n bootmgr ${base}/wim/pe/bootmgr || goto bootgen-failed',
      'initrd -n BCD ${base}/wim/pe/BCD || goto bootgen-failed',
      'initrd -n boot.sdi ${base}/wim/pe/boot.sdi || goto bootgen-failed',
      'initrd -n boot.wim ${base}/wim/pe/boot.wim || goto bootgen-failed',
      'boot || goto bootgen-failed',
    ]);
  });

  it('sanboots an ISO over HTTP', () => {
    expect(lines).toContain('sanboot ${base}/isos/tools.iso || goto bootgen-failed');
    expectFailureHandling(out);
  });

  it('leaves out what iPXE cannot boot, with a warning each', () => {
    const d = ipxeTarget.render(site, { templates }).diagnostics.map((x) => x.message);
    expect(d).toContainEqual(expect.stringMatching(/'snap' is left out of iPXE: network overlays have no snapshot sessions/));
    expect(d).toContainEqual(expect.stringMatching(/'noipxe' is left out of iPXE: it has no ipxe: lines/));
    expect(lines.some((l) => l.startsWith('item snap'))).toBe(false);
  });

  it('goes straight to the default when the timeout is 0', () => {
    const now = scripts(makeSite({ network: true, menu: { timeout: 0, default: 'b' }, entries: [{ id: 'a', boot: linux() }, { id: 'b', boot: linux() }], machines: [{ name: 'm' }] }));
    const text = now['ipxe/machines/52-54-00-00-00-01.ipxe']!;
    expect(text).not.toContain('choose');
    expect(text).toContain('\ngoto b\n');
  });
});

describe('iPXE refuses what it cannot carry', () => {
  it.each([
    ['a title expanding a setting', { title: 'Play ${net0/ip}' }, /title cannot be written to iPXE: it contains '\$\{'/],
    ['a kernel argument with a newline', { boot: linux({ args: 'a\nb' }) }, /kernel argument/],
    ['a path with a space', { boot: linux({ kernel: '/boot/my kernel' }) }, /file path cannot be written to iPXE: it contains a space/],
    ['an id that is a label of the script', { id: 'bootgen-menu' }, /bootgen uses this label/],
  ])('%s', (_what, entry, message) => {
    const site = makeSite({ network: true, entries: [{ id: 'e', boot: linux(), ...entry }], machines: [{ name: 'm' }] });
    const r = ipxeTarget.render(site, { templates });
    expect(r.value).toEqual([]);
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: 'target/unsafe-value', severity: 'error', message: expect.stringMatching(message) }));
  });

  it('expands only the settings it writes itself', () => {
    const text = Object.values(scripts(lanpartySite())).join('\n');
    const used = new Set(parseIpxe(text).lines.flatMap((cmds) => cmds.flatMap((c) => c.tokens.flatMap(expansions))));
    expect([...used].sort()).toEqual(['base', 'mac', 'mac:hexhyp', 'target']);
  });
});
