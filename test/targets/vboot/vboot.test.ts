import { describe, expect, it } from 'vitest';
import type { Site } from '../../../src/model/types.js';
import { vbootTarget } from '../../../src/targets/vboot/index.js';
import { planVboot } from '../../../src/targets/vboot/plan.js';
import { lanpartySite, vhdLabSite } from '../../helpers/example-sites.js';
import { asUpstreamGrub, checkGrubScript, grubScriptCheck } from '../../helpers/grub-check.js';
import { grubCommands } from '../../helpers/grub-parse.js';
import { oraclesPresent } from '../../helpers/oracle.js';
import { cdrom, disk, makeSite, wim } from '../../helpers/site.js';
import { repoTemplates } from '../../helpers/templates.js';

const templates = repoTemplates();

function render(site: Site): string {
  const content = vbootTarget.render(site, { templates }).value[0]?.content;
  if (typeof content !== 'string') throw new Error('no vboot config');
  return content;
}

/** Every `vboot` command's words, keyed by the title of the (snapshot)entry holding it. */
function vbootLines(text: string): Record<string, readonly string[]> {
  const out: Record<string, readonly string[]> = {};
  let title = '';
  for (const { words } of grubCommands(text)) {
    if (words[0] === 'menuentry' || words[0] === 'snapshotentry') title = words[1]!;
    if (words[0] === 'vboot') out[title] = words.slice(1);
  }
  return out;
}

const L = '(LABEL=VHDLAB)/';

describe('vboot target on the vhd-lab example', () => {
  const text = render(vhdLabSite());
  const lines = vbootLines(text);

  it('loads the user-supplied loader core first', () => {
    expect(text).toContain('set vbootloader=(${root})/vboot/vboot\nvbootinsmod (${root})/vboot/vbootcore.mod\n');
  });

  it('takes a snapshot of the base with its menu entry, boot_entry and config_file', () => {
    expect(lines['Windows XP']).toEqual([
      `harddisk=${L}images/xp-base.vhd`,
      'boot=harddisk',
      `take_snapshot=${L}images/xp-base-s2.vhd`,
      'new_menu_entry=New snapshot',
      'boot_entry=0',
      `config_file=${L}boot/grub/grub.cfg`,
    ]);
  });

  it('nests snapshotentry blocks, each naming its own child disk', () => {
    expect(lines['Snapshot 1']).toEqual([`harddisk=${L}images/xp-s1.vhd`]);
    expect(lines['Snapshot 1.1']).toEqual([`harddisk=${L}images/xp-s1-s1.vhd`]);
    expect(text).toMatch(/ {4}snapshotentry 'Snapshot 1' \{\n {8}vboot [^\n]+\n {8}snapshotentry 'Snapshot 1\.1' \{\n {12}vboot [^\n]+\n {8}\}\n {4}\}\n\}/);
  });

  it('spells a differencing chain child first, quoted because of the `;`', () => {
    expect(lines['Windows 10 (immutable)']).toEqual([`harddisk=${L}images/win10-session.vhd;${L}images/win10.vhd`, 'boot=harddisk', 'immutable']);
    expect(text).toContain(`harddisk='${L}images/win10-session.vhd;${L}images/win10.vhd'`);
  });

  it('attaches cdrom and floppy and boots from the cdrom', () => {
    expect(lines['XP setup']).toEqual([`harddisk=${L}images/xp-new.vhd`, `cdrom=${L}isos/xp-setup.iso`, `floppy=${L}floppy/drivers.img`, 'boot=cdrom']);
  });

  it('boots linux from an ISO the same way upstream GRUB does', () => {
    expect(text).toContain("linux (loop)/casper/vmlinuz boot=casper quiet\n");
  });
});

describe('vboot options', () => {
  const options = {
    images: [
      { id: 'base', path: 'images/base.vmdk' },
      { id: 'child', path: 'images/child.vmdk', parent: 'base' },
      { id: 'iso', path: 'isos/x.iso' },
      { id: 'fa', path: 'fd/a.img' },
      { id: 'other', path: 'images/other.vhd' },
    ],
    entries: [
      { id: 'all', title: 'All', boot: disk('child', { floppyB: 'fa', parentDir: '(hd0,1)/parents', recoverMbr: true, pause: true, session: 'snapshot', snapshot: { path: 'images/next.vmdk', title: undefined, children: [], restore: true } }) },
      { id: 'cd', title: 'CD', boot: cdrom('iso', { floppy: 'fa' }) },
      { id: 'pe', boot: wim() },
      { id: 'bad', title: 'Bad', boot: disk('base', { session: 'snapshot', snapshot: { path: undefined, title: 'T', restore: false, children: [{ title: 'Wrong', disk: 'other', children: [] }] } }) },
    ],
  };
  const site = makeSite(options);

  it('passes every flag and the chain through, root-relative without a label', () => {
    const r = planVboot(site);
    const all = r.value.entries.find((e) => e.id === 'all');
    const text = render(makeSite({ ...options, entries: options.entries.slice(0, 2) }));
    expect(vbootLines(text)['All']).toEqual([
      'harddisk=(${root})/images/child.vmdk;(${root})/images/base.vmdk',
      'floppy_b=(${root})/fd/a.img',
      'boot=harddisk',
      'parent_dir=(hd0,1)/parents',
      'take_snapshot=(${root})/images/next.vmdk',
      'new_menu_entry=Snapshot 1',
      'boot_entry=0',
      'config_file=(${root})/boot/grub/grub.cfg',
      'restore',
      'recover_mbr',
      'pause',
    ]);
    expect(all?.body).toBe('vboot/disk');
    expect(vbootLines(text)['CD']).toEqual(['cdrom=(${root})/isos/x.iso', 'floppy=(${root})/fd/a.img', 'boot=cdrom']);
  });

  it('reports what VBoot cannot carry and a snapshot whose disk is not a child', () => {
    const codes = planVboot(site).diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`);
    expect(codes).toContainEqual(expect.stringMatching(/^warning target\/unsupported-entry entry 'pe'/));
    expect(codes).toContainEqual(expect.stringMatching(/^error target\/vboot-snapshot-parent entry 'bad': snapshot 'Wrong' uses image 'other'/));
    expect(vbootTarget.render(site, { templates }).value).toEqual([]);
  });

  it('warns that a UEFI stick cannot run VBoot', () => {
    const usb = { sizeBytes: 1 << 28, table: 'gpt', firmware: ['bios', 'uefi'], secureBoot: false, label: 'X', dialect: 'vboot', origin: { file: 'site.yaml', line: 9 } } as const;
    const d = planVboot(makeSite({ media: { usb } })).diagnostics;
    expect(d).toContainEqual(expect.objectContaining({ code: 'target/vboot-bios-only', severity: 'warning' }));
  });
});

describe.skipIf(!oraclesPresent([grubScriptCheck], 'vboot grub.cfg syntax'))('vboot grub.cfg passes grub-script-check', () => {
  it.each([
    ['vhd-lab', vhdLabSite()],
    ['lanparty', lanpartySite()],
  ])('%s (snapshotentry read as menuentry)', (_name, s) => {
    const text = render(s);
    const r = checkGrubScript({ text: asUpstreamGrub(text) });
    expect(r.output).toBe('');
    expect(r.status).toBe(0);
  });
});
