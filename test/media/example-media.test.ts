// `bootgen build examples/vhd-lab/site.yaml`: the USB image and the ISO pass every oracle, carry
// the site's payload byte-identical, and two builds are identical.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GptEntry } from '../../src/formats/gpt/gpt.js';
import { findOracle, oraclesPresent, run } from '../helpers/oracle.js';

const oracles = ['sgdisk', 'sfdisk', 'fsck.fat', 'mcopy', 'xorriso', 'osirrox', 'isoinfo', 'grub-mkimage'].map((name) =>
  findOracle({ name, pkg: { sgdisk: 'gdisk', sfdisk: 'fdisk', 'fsck.fat': 'dosfstools', mcopy: 'mtools', xorriso: 'xorriso', osirrox: 'xorriso', isoinfo: 'genisoimage', 'grub-mkimage': 'grub-common' }[name] ?? name }),
);
const work = mkdtempSync(join(tmpdir(), 'bootgen-example-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const EXAMPLE = 'examples/vhd-lab';
const PAYLOAD = ['images/xp-base.vhd', 'images/xp-s1.vhd', 'images/win10-session.vhd', 'isos/ubuntu.iso', 'floppy/drivers.img'];

interface Art {
  kind: string;
  path: string;
  bytes: number;
  sha256: string;
}

function build(out: string): Art[] {
  const r = spawnSync(process.execPath, ['bin/bootgen.js', 'build', `${EXAMPLE}/site.yaml`, '-o', out, '--json'], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`build: ${r.status} ${r.stdout} ${r.stderr}`);
  return (JSON.parse(r.stdout) as { artifacts: Art[] }).artifacts;
}

describe.skipIf(!oraclesPresent(oracles, 'example media oracles'))('examples/vhd-lab media', () => {
  let arts: Art[];
  const out = join(work, 'out');
  beforeAll(() => {
    arts = build(out);
  });
  const file = (kind: string): string => join(out, arts.find((a) => a.kind === kind)?.path ?? 'missing');

  it('USB: GPT verifies, the ESP is clean and holds the payload and Secure Boot loaders', () => {
    const usb = file('usb');
    expect(run('sgdisk', ['-v', usb]).stdout).toContain('No problems found');
    expect(run('sfdisk', ['--verify', usb]).status).toBe(0);
    const entry = GptEntry.decode(readFileSync(usb).subarray(1024 + 128, 1024 + 256));
    const offset = Number(entry.firstLba) * 512;
    const esp = join(work, 'esp.img');
    run('dd', [`if=${usb}`, `of=${esp}`, 'bs=1M', `skip=${offset}`, 'iflag=skip_bytes', 'conv=sparse', 'status=none']);
    const f = run('fsck.fat', ['-n', '-V', esp]);
    expect(f.status, f.stdout).toBe(0);
    const x = join(work, 'usb-x');
    mkdirSync(x);
    expect(run('mcopy', ['-s', '-n', '-i', `${usb}@@${offset}`, '::/', x]).status).toBe(0);
    for (const p of PAYLOAD) expect(readFileSync(join(x, p)).equals(readFileSync(join(EXAMPLE, p))), p).toBe(true);
    expect(readFileSync(join(x, 'boot/grub/grub.cfg'), 'utf8')).toBe(readFileSync(join(out, 'grub/grub.cfg'), 'utf8'));
    expect(readFileSync(join(x, 'EFI/BOOT/BOOTX64.EFI')).equals(readFileSync('/usr/lib/shim/shimx64.efi.signed'))).toBe(true);
  });

  it('ISO: El Torito BIOS + UEFI, hybrid MBR + GPT, payload extracted byte-identical', () => {
    const iso = file('iso');
    const rep = run('xorriso', ['-indev', iso, '-report_el_torito', 'plain', '-report_system_area', 'plain']);
    expect(rep.stdout).toMatch(/El Torito boot img :\s+1\s+BIOS/);
    expect(rep.stdout).toMatch(/El Torito boot img :\s+2\s+UEFI/);
    expect(rep.stdout).toMatch(/System area summary: MBR protective-msdos-label grub2-mbr .*GPT/);
    expect(run('sgdisk', ['-v', iso]).stdout).toContain('No problems found');
    expect(run('isoinfo', ['-d', '-i', iso]).stdout).toContain('Volume id: VHDLAB');
    const x = join(work, 'iso-x');
    expect(run('osirrox', ['-indev', iso, '-extract', '/', x]).status).toBe(0);
    for (const p of PAYLOAD) expect(readFileSync(join(x, p)).equals(readFileSync(join(EXAMPLE, p))), p).toBe(true);
  });

  it('a second build is byte-identical', () => {
    const again = build(join(work, 'out2'));
    expect(again.filter((a) => a.kind === 'usb' || a.kind === 'iso')).toEqual(arts.filter((a) => a.kind === 'usb' || a.kind === 'iso'));
  });
});
