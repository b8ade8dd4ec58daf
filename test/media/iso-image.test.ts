// The hybrid ISO: xorriso must report the BIOS and UEFI El Torito entries, GRUB's boot info and the
// hybrid MBR + GPT; sgdisk verifies the GPT; isoinfo reads it; osirrox extracts the payload.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { textFile } from '../../src/media/types.js';
import { findOracle, oraclesPresent, run } from '../helpers/oracle.js';
import { buildIso } from './build-iso.js';
import { makeSite, markerGrubCfg } from './site-fixture.js';

const oracles = [
  findOracle({ name: 'xorriso', pkg: 'xorriso' }),
  findOracle({ name: 'osirrox', pkg: 'xorriso' }),
  findOracle({ name: 'isoinfo', pkg: 'genisoimage' }),
  findOracle({ name: 'sgdisk', pkg: 'gdisk' }),
  findOracle({ name: 'grub-mkimage', pkg: 'grub-common' }),
  findOracle({ name: '/usr/lib/grub/i386-pc/boot_hybrid.img', pkg: 'grub-pc-bin' }),
];
const work = mkdtempSync(join(tmpdir(), 'bootgen-isoimg-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const payload = textFile('/isos/Tools Disk.iso', new Uint8Array(100_000).map((_, i) => (i * 13) & 0xff));

describe.skipIf(!oraclesPresent(oracles, 'hybrid ISO oracles'))('hybrid ISO', () => {
  const site = makeSite({ name: 'isotest', iso: { label: 'ISOTEST' } });
  const iso = buildIso({ site, grubCfg: markerGrubCfg('M'), files: [payload], outDir: work });

  it('xorriso reports BIOS + UEFI boot entries and the hybrid MBR + GPT', () => {
    const r = run('xorriso', ['-indev', iso.path, '-report_el_torito', 'plain', '-report_system_area', 'plain']);
    expect(r.status, r.stderr).toBe(0);
    const out = r.stdout + r.stderr;
    expect(out).toMatch(/Boot record\s+: El Torito , MBR protective-msdos-label grub2-mbr .*GPT/);
    expect(out).toMatch(/El Torito boot img :\s+1\s+BIOS\s+y\s+none\s+0x0000\s+0x00\s+4\s+\d+/);
    expect(out).toMatch(/El Torito boot img :\s+2\s+UEFI\s+y\s+none/);
    expect(out).toMatch(/El Torito img opts :\s+1\s+boot-info-table grub2-boot-info/);
    expect(out).toMatch(/MBR partition\s+:\s+1\s+0x00\s+0xee\s+1\s+/);
    expect(out).toMatch(/GPT type GUID\s+:\s+1\s+28732ac11ff8d211ba4b00a0c93ec93b/);
    expect(out).toMatch(/GPT partition path :\s+1\s+\/boot\/grub\/efi.img/);
  });

  it('sgdisk verifies the GPT and isoinfo reads the volume', () => {
    expect(run('sgdisk', ['-v', iso.path]).stdout).toContain('No problems found');
    const d = run('isoinfo', ['-d', '-i', iso.path]);
    expect(d.status).toBe(0);
    expect(d.stdout).toContain('Volume id: ISOTEST');
    expect(d.stdout).toMatch(/El Torito VD version 1 found, boot catalog is in sector \d+/);
    expect(run('isoinfo', ['-l', '-i', iso.path]).status).toBe(0);
  });

  it('osirrox extracts grub.cfg and the payload byte-identical', () => {
    const out = join(work, 'x');
    const x = run('osirrox', ['-indev', iso.path, '-extract', '/', out]);
    expect(x.status, x.stderr).toBe(0);
    expect(readFileSync(join(out, 'boot/grub/grub.cfg'), 'utf8')).toBe(markerGrubCfg('M'));
    expect(readFileSync(join(out, 'isos/Tools Disk.iso')).equals(Buffer.from(payload.source.kind === 'bytes' ? payload.source.bytes : []))).toBe(true);
    expect(readFileSync(join(out, '.disk/info'), 'utf8')).toContain('isotest');
  });

  it('is byte-identical when built twice', () => {
    const again = buildIso({ site, grubCfg: markerGrubCfg('M'), files: [payload], outDir: work, name: 'again.iso' });
    expect(again.sha256).toBe(iso.sha256);
  });
});
