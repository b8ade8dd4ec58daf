// USB images: partition tables checked by sgdisk/sfdisk, the ESP by fsck.fat and mtools, two
// builds byte-identical. Booting them is test/boot/usb-boot.test.ts.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findOracle, oraclesPresent, run } from '../helpers/oracle.js';
import { buildUsb } from './build-usb.js';
import { makeSite, markerGrubCfg } from './site-fixture.js';
import { textFile } from '../../src/media/types.js';
import { planUsbImage } from '../../src/media/usb-image.js';

const oracles = [
  findOracle({ name: 'sgdisk', pkg: 'gdisk' }),
  findOracle({ name: 'sfdisk', pkg: 'fdisk' }),
  findOracle({ name: 'fsck.fat', pkg: 'dosfstools' }),
  findOracle({ name: 'mcopy', pkg: 'mtools' }),
  findOracle({ name: 'grub-mkimage', pkg: 'grub-common' }),
  findOracle({ name: '/usr/lib/grub/i386-pc/boot.img', pkg: 'grub-pc-bin' }),
  findOracle({ name: '/usr/lib/shim/shimx64.efi.signed', pkg: 'shim-signed' }),
];
const work = mkdtempSync(join(tmpdir(), 'bootgen-usb-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const payload = textFile('/images/payload.bin', new Uint8Array(300_000).map((_, i) => (i * 31) & 0xff));

describe.skipIf(!oraclesPresent(oracles, 'USB image oracles'))('USB image', () => {
  it.each(['gpt', 'mbr', 'hybrid'] as const)('%s: tables verify, ESP is a clean FAT with the loaders', (table) => {
    const site = makeSite({ usb: { table, secureBoot: table === 'gpt', sizeBytes: 96 << 20 } });
    const img = buildUsb({ site, grubCfg: markerGrubCfg('M'), files: [payload], outDir: work, name: `${table}.img` });
    expect(statSync(img.path).blocks * 512).toBeLessThan(img.bytes / 4); // sparse
    if (table !== 'mbr') {
      const sg = run('sgdisk', ['-v', img.path]);
      expect(sg.stdout).toContain('No problems found');
    }
    const sf = run('sfdisk', ['--verify', img.path]);
    expect(sf.status, sf.stdout + sf.stderr).toBe(0);
    expect(sf.stdout).toContain('No errors detected');
    const dump = run('sfdisk', ['-d', img.path]).stdout;
    if (table === 'mbr') expect(dump).toMatch(/start=\s*2048, .*type=e, bootable/);
    else expect(dump).toMatch(/type=C12A7328-F81F-11D2-BA4B-00A0C93EC93B/);
    const esp = join(work, `${table}-esp.img`);
    const dd = run('dd', [`if=${img.path}`, `of=${esp}`, 'bs=1M', `skip=${img.espOffset}`, 'iflag=skip_bytes', 'conv=sparse', 'status=none']);
    expect(dd.status).toBe(0);
    const f = run('fsck.fat', ['-n', '-V', esp]);
    expect(f.status, f.stdout).toBe(0);
    const out = join(work, `${table}-out`);
    mkdirSync(out);
    const m = run('mcopy', ['-s', '-n', '-i', `${img.path}@@${img.espOffset}`, '::/', out]);
    expect(m.status, m.stderr).toBe(0);
    expect(readFileSync(join(out, 'images/payload.bin')).equals(Buffer.from(payload.source.kind === 'bytes' ? payload.source.bytes : []))).toBe(true);
    expect(readFileSync(join(out, 'boot/grub/grub.cfg'), 'utf8')).toBe(markerGrubCfg('M'));
    expect(statSync(join(out, '.disk/info')).isFile()).toBe(true);
    expect(statSync(join(out, 'boot/grub/i386-pc/normal.mod')).isFile()).toBe(true);
    const efi = readFileSync(join(out, 'EFI/BOOT/BOOTX64.EFI'));
    if (table === 'gpt') {
      expect(efi.equals(readFileSync('/usr/lib/shim/shimx64.efi.signed'))).toBe(true);
      expect(readFileSync(join(out, 'EFI/BOOT/grubx64.efi')).equals(readFileSync('/usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed'))).toBe(true);
    } else {
      expect(efi.subarray(0, 2).toString()).toBe('MZ');
    }
    expect(() => statSync(join(out, 'EFI/BOOT/fbx64.efi'))).toThrow();
  });

  it('two builds are byte-identical', () => {
    const site = makeSite({ usb: { table: 'gpt', sizeBytes: 64 << 20 } });
    const a = buildUsb({ site, grubCfg: markerGrubCfg('M'), files: [payload], outDir: work, name: 'a.img' });
    const b = buildUsb({ site, grubCfg: markerGrubCfg('M'), files: [payload], outDir: work, name: 'b.img' });
    expect(a.sha256).toBe(b.sha256);
    const other = buildUsb({ site: makeSite({ name: 'other', usb: { table: 'gpt', sizeBytes: 64 << 20 } }), grubCfg: markerGrubCfg('M'), outDir: work, name: 'c.img' });
    expect(other.sha256).not.toBe(a.sha256);
  });
});

describe('planUsbImage diagnostics', () => {
  const loaders = { blobs: new Map(), modules: new Map() };
  it('reports a stick too small for its table', () => {
    const r = planUsbImage(makeSite({ usb: { sizeBytes: 1 << 20 } }), { grubCfg: new Uint8Array(), files: [] }, loaders);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['media/usb-too-small']);
    expect(r.diagnostics[0]?.origin?.line).toBe(1);
  });
  it('reports payload that does not fit, pointing at media.usb', () => {
    const big = { path: '/images/big.vhd', size: 200 << 20, source: { kind: 'file' as const, path: '/nonexistent' } };
    const r = planUsbImage(makeSite({ usb: { sizeBytes: 64 << 20 } }), { grubCfg: new Uint8Array(), files: [big] }, loaders);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['media/fat-full']);
    expect(r.diagnostics[0]?.origin?.file).toBe('site.yaml');
  });
});
