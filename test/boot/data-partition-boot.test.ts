// Payloads over 4 GiB, booted: a stick with an NTFS or an exFAT data partition holds an ISO larger
// than 4 GiB (sparse) whose GRUB config sits past the 4 GiB mark; GRUB, under SeaBIOS and OVMF,
// finds the partition by its UUID, loop-mounts the ISO from it and runs that config (the marker).
import { createHash } from 'node:crypto';
import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/app/build.js';
import { findIsoMember } from '../../src/formats/iso9660/find-member.js';
import { nodePorts } from '../../src/io/node-ports.js';
import { GptEntry, GptType } from '../../src/formats/gpt/gpt.js';
import { findOracle, oraclesPresent, run } from '../helpers/oracle.js';
import { buildIso } from '../media/build-iso.js';
import { makeSite } from '../media/site-fixture.js';
import { bootQemu, OVMF, type Firmware } from './qemu.js';

const oracles = [
  findOracle({ name: 'qemu-system-x86_64', pkg: 'qemu-system-x86' }),
  findOracle({ name: OVMF.code, pkg: 'ovmf' }),
  findOracle({ name: 'grub-mkimage', pkg: 'grub-common' }),
  findOracle({ name: '/usr/lib/grub/i386-pc/ntfs.mod', pkg: 'grub-pc-bin' }),
  findOracle({ name: 'ntfsfix', pkg: 'ntfs-3g' }),
  findOracle({ name: 'ntfs-3g', pkg: 'ntfs-3g' }),
  findOracle({ name: 'fsck.exfat', pkg: 'exfatprogs' }),
  findOracle({ name: 'mount.exfat-fuse', pkg: 'exfat-fuse' }),
  findOracle({ name: 'losetup', pkg: 'mount' }),
];
const work = mkdtempSync(join(tmpdir(), 'bootgen-data-boot-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const GiB = 2 ** 30;

/** isos/big.iso: 5 GiB apparent, holes but for its metadata and the config written after /big.bin. */
function bigIso(dir: string, marker: string): string {
  const big = join(work, 'big.bin');
  const fd = openSync(big, 'w');
  ftruncateSync(fd, 5 * GiB);
  closeSync(fd);
  const cfg = `echo ${marker}\nsleep 1\nhalt\n`;
  const files = [
    { path: '/big.bin', size: 5 * GiB, source: { kind: 'file' as const, path: big } },
    { path: '/boot/grub/loopback.cfg', size: cfg.length, source: { kind: 'bytes' as const, bytes: new TextEncoder().encode(cfg) } },
  ];
  mkdirSync(join(dir, 'isos'), { recursive: true });
  const iso = buildIso({ site: makeSite({ name: 'bigiso', iso: { firmware: [] } }), grubCfg: 'echo not this one\n', files, outDir: join(dir, 'isos'), name: 'big.iso', hash: false });
  return iso.path;
}

/**
 * The data partition of the stick, through a read-only loop device: its own checker is clean, and a
 * FUSE mount returns the ISO's bytes where it has data (its start, the config past 5 GiB, its end).
 */
function checkDataPartition(o: { fs: 'ntfs' | 'exfat'; image: string; iso: string; dir: string; at: number }): void {
  const disk = Buffer.alloc(34 * 512);
  const fd = openSync(o.image, 'r');
  readSync(fd, disk, 0, disk.length, 0);
  closeSync(fd);
  const data = Array.from({ length: 8 }, (_, i) => GptEntry.decode(disk, 1024 + i * 128)).find((e) => e.typeGuid === GptType.basicData);
  const offset = Number(data?.firstLba) * 512;
  const sizelimit = (Number(data?.lastLba) - Number(data?.firstLba) + 1) * 512;
  const loop = run('losetup', ['-f', '--show', '-r', '-o', String(offset), '--sizelimit', String(sizelimit), o.image]).stdout.trim();
  expect(loop).toMatch(/^\/dev\/loop\d+$/);
  const mnt = join(o.dir, 'mnt');
  mkdirSync(mnt, { recursive: true });
  try {
    const check = o.fs === 'ntfs' ? run('ntfsfix', ['-n', loop]) : run('fsck.exfat', ['-n', loop]);
    expect(check.status, check.stdout + check.stderr).toBe(0);
    const mount = o.fs === 'ntfs' ? run('ntfs-3g', ['-o', 'ro', loop, mnt]) : run('mount.exfat-fuse', ['-o', 'ro', loop, mnt]);
    expect(mount.status, mount.stderr).toBe(0);
    try {
      const size = statSync(o.iso).size;
      for (const [from, length] of [[0, 1 << 20], [o.at - 4096, 8192], [size - 65536, 65536]] as const) {
        expect([from, sliceHash(join(mnt, 'isos/big.iso'), from, length)]).toEqual([from, sliceHash(o.iso, from, length)]);
      }
    } finally {
      run('umount', [mnt]);
    }
  } finally {
    run('losetup', ['-d', loop]);
  }
}

function sliceHash(path: string, from: number, length: number): string {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(length);
  readSync(fd, buf, 0, length, from);
  closeSync(fd);
  return createHash('sha256').update(buf).digest('hex');
}

const CASES: readonly ['ntfs' | 'exfat', Firmware][] = [
  ['ntfs', 'seabios'],
  ['ntfs', 'ovmf'],
  ['exfat', 'seabios'],
  ['exfat', 'ovmf'],
];

describe.skipIf(!oraclesPresent(oracles, 'data partition boots'))('GRUB reads a file past 4 GiB on the data partition', () => {
  it.each(CASES)('%s under %s', async (fs, firmware) => {
    const dir = join(work, `${fs}-${firmware}`);
    const marker = `BOOTGEN-DATA-${fs.toUpperCase()}-OK`;
    const iso = bigIso(dir, marker);
    expect(statSync(iso).size).toBeGreaterThan(5 * GiB);
    // the config GRUB must read lies past the 4 GiB mark of the ISO file
    const reader = nodePorts().files.openReadAt(iso)!;
    const cfg = await findIsoMember(reader, '/boot/grub/loopback.cfg', { file: iso }).finally(() => reader.close());
    expect(cfg.value?.extents[0]?.offset).toBeGreaterThan(5 * GiB);
    writeFileSync(join(dir, 'site.yaml'), [
      'bootgen: 1', `site: data${fs}`, 'epoch: 2026-01-01T00:00:00Z',
      'menu: {title: Data, timeout: 0, default: big, serial: {unit: 0, speed: 115200}}',
      'images: {big: isos/big.iso}',
      'entries:', '  - {id: big, title: Big ISO, cdrom: big}',
      'media:', `  usb: {size: 6GiB, table: gpt, firmware: [${firmware === 'seabios' ? 'bios' : 'uefi'}], esp: 64MiB, data: {fs: ${fs}}}`, '',
    ].join('\n'));
    const out = join(dir, 'out');
    const built = await buildSite({ file: join(dir, 'site.yaml'), out, only: ['usb'], hash: false }, nodePorts());
    const image = join(out, `media/data${fs}-usb.img`);
    expect(built.artifacts.map((a) => a.path)).toEqual([`media/data${fs}-usb.img`]);
    // sparse all the way: the 6 GiB stick with a 5 GiB ISO takes a few MiB on disk
    expect(statSync(image).blocks * 512).toBeLessThan(64 * 2 ** 20);
    checkDataPartition({ fs, image, iso, dir, at: cfg.value!.extents[0]!.offset });
    const r = await bootQemu({ firmware, image, as: firmware === 'seabios' ? 'ide' : 'virtio', marker, timeoutMs: 150_000 });
    expect(r.found, r.log.slice(-2000)).toBe(true);
    process.stderr.write(`boot ${fs} data partition under ${firmware}: marker after ${r.seconds.toFixed(1)} s\n`);
  }, 200_000);
});
