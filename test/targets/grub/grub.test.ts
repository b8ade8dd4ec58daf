import { describe, expect, it } from 'vitest';
import { grubTarget } from '../../../src/targets/grub/index.js';
import { planGrub } from '../../../src/targets/grub/plan.js';
import type { Site } from '../../../src/model/types.js';
import { lanpartySite, vhdLabSite } from '../../helpers/example-sites.js';
import { checkGrubScript, grubScriptCheck } from '../../helpers/grub-check.js';
import { grubCommands } from '../../helpers/grub-parse.js';
import { oraclesPresent } from '../../helpers/oracle.js';
import { cdrom, disk, linux, makeSite, raw, windows, wim } from '../../helpers/site.js';
import { repoTemplates } from '../../helpers/templates.js';

const templates = repoTemplates();

function render(site: Site): string {
  const r = grubTarget.render(site, { templates });
  const content = r.value[0]?.content;
  if (typeof content !== 'string') throw new Error(`no grub.cfg: ${JSON.stringify(r.diagnostics)}`);
  return content;
}

/** The commands inside `menuentry <title> … { … }`. */
function body(text: string, title: string): string[][] {
  const cmds = grubCommands(text);
  const start = cmds.findIndex((c) => c.words[0] === 'menuentry' && c.words[1] === title);
  expect(start, `menuentry ${title}`).toBeGreaterThanOrEqual(0);
  const end = cmds.findIndex((c, i) => i > start && c.words[0] === '}');
  return cmds.slice(start + 1, end).map((c) => [...c.words]);
}

const site = makeSite({
  name: 'lab',
  images: [
    { id: 'ubuntu', path: 'isos/ubuntu live.iso' },
    { id: 'tools', path: 'isos/tools.iso' },
    { id: 'fd', path: 'floppy/fd.img' },
    { id: 'win', path: 'images/win.vhd' },
  ],
  entries: [
    { id: 'live', title: "Ubuntu 'live'", boot: linux({ from: 'ubuntu', kernel: '/casper/vmlinuz', initrd: ['/casper/initrd'], args: 'boot=casper foo="a b" $x' }) },
    { id: 'local', boot: linux({ kernel: '/boot/vmlinuz', initrd: [], args: '' }) },
    { id: 'tools', title: 'Tools CD', boot: cdrom('tools', { floppy: 'fd' }) },
    { id: 'win', title: 'Windows', boot: disk('win', { windows: windows() }) },
    { id: 'pe', boot: wim() },
    { id: 'rescue', boot: raw(), raw: { grub: 'echo rescue\nsleep 1' } },
    { id: 'raw-ipxe', boot: raw(), raw: { ipxe: 'shell' } },
  ],
  loaders: { windows: { bootmgr: 'win/bootmgr', bootmgfw: 'win/bootmgfw.efi', bootSdi: undefined } },
  media: { usb: { sizeBytes: 1 << 28, table: 'gpt', firmware: ['bios', 'uefi'], secureBoot: false, label: 'LAB', dialect: 'grub', origin: { file: 'site.yaml' } } },
});

describe('grub target', () => {
  it('writes the menu header: serial console, root by label, timeout, default', () => {
    const cmds = grubCommands(render(site)).map((c) => c.words.join(' '));
    expect(cmds.slice(0, 8)).toEqual([
      'serial --unit=0 --speed=115200',
      'terminal_input serial console',
      'terminal_output serial console',
      'search --no-floppy --set=root --label LAB',
      'set timeout=5',
      'set timeout_style=menu',
      'set default=live',
      'echo Test menu',
    ]);
  });

  it('finds the root by /.disk/info when the media have no single label', () => {
    expect(render(makeSite())).toContain('search --no-floppy --set=root --file /.disk/info\n');
  });

  it('loop-mounts the ISO for a linux entry from: an ISO, one word per kernel argument', () => {
    expect(body(render(site), "Ubuntu 'live'")).toEqual([
      ['insmod', 'loopback'],
      ['insmod', 'iso9660'],
      ['loopback', 'loop', '/isos/ubuntu live.iso'],
      ['set', 'iso_path=/isos/ubuntu live.iso'],
      ['export', 'iso_path'],
      ['linux', '(loop)/casper/vmlinuz', 'boot=casper', 'foo=a b', '$x'],
      ['initrd', '(loop)/casper/initrd'],
    ]);
  });

  it('boots kernels on the medium without loopback and omits an empty initrd', () => {
    expect(body(render(site), 'local')).toEqual([['linux', '/boot/vmlinuz']]);
  });

  it("hands an ISO alone to its own config through loopback and reports the floppy it can't attach", () => {
    const r = planGrub(site);
    expect(body(render(site), 'Tools CD').slice(2)).toEqual([
      ['loopback', 'loop', '/isos/tools.iso'],
      ['set', 'iso_path=/isos/tools.iso'],
      ['export', 'iso_path'],
      ['set', 'root=(loop)'],
      ['configfile', '/boot/grub/loopback.cfg'],
    ]);
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: 'target/ignored-option', message: expect.stringContaining("floppy 'fd'") }));
  });

  it('chainloads bootmgfw.efi on UEFI and bootmgr on BIOS for a Windows VHD entry', () => {
    const text = render(site);
    expect(text).toMatch(/chainloader \/EFI\/Microsoft\/Boot\/bootmgfw\.efi\n[^]*ntldr \/bootmgr\n/);
    expect(body(text, 'Windows')[0]).toEqual(['if', '[', '${grub_platform}', '=', 'efi', ']']);
  });

  it('writes raw grub: lines verbatim', () => {
    expect(render(site)).toContain("menuentry rescue --id rescue {\n    echo rescue\n    sleep 1\n}\n");
  });

  it('names every entry it leaves out, and why', () => {
    const messages = planGrub(site).diagnostics.filter((d) => d.code === 'target/unsupported-entry').map((d) => d.message);
    expect(messages).toEqual([
      expect.stringMatching(/'pe' is left out of upstream GRUB: .*WinPE/),
      expect.stringMatching(/'raw-ipxe' is left out of upstream GRUB: it has no grub: lines/),
    ]);
  });

  it('warns for a VHD disk entry and for a Windows VHD without bootmgr', () => {
    const lab = planGrub(vhdLabSite()).diagnostics.map((d) => `${d.code} ${d.message}`);
    expect(lab).toContainEqual(expect.stringMatching(/unsupported-entry entry 'xp' .*cannot boot a VHD/));
    expect(lab).toContainEqual(expect.stringMatching(/unsupported-entry entry 'win10' .*bootmgr/));
    expect(lab).toContainEqual(expect.stringMatching(/default-unavailable .*'xp'/));
  });

  it('refuses a NUL byte, the one thing GRUB quoting cannot carry', () => {
    const r = grubTarget.render(makeSite({ entries: [{ id: 'x', title: 'a\u0000b', boot: linux() }] }), { templates });
    expect(r.value).toEqual([]);
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: 'target/unsafe-value', severity: 'error' }));
  });

  it('is deterministic', () => {
    expect(render(vhdLabSite())).toBe(render(vhdLabSite()));
  });
});

describe.skipIf(!oraclesPresent([grubScriptCheck], 'grub.cfg syntax'))('grub.cfg passes grub-script-check', () => {
  it.each([
    ['test site', site],
    ['vhd-lab', vhdLabSite()],
    ['lanparty', lanpartySite()],
  ])('%s', (_name, s) => {
    const r = checkGrubScript({ text: render(s) });
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });

  it('the oracle does reject a broken config', () => {
    expect(checkGrubScript({ text: `${render(site)}menuentry 'x' {\n` }).status).not.toBe(0);
  });
});
