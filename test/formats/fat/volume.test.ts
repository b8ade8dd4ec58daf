// FAT volumes checked by dosfstools (fsck.fat -n -V) and read back with mtools, byte for byte.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildFatVolume } from '../../../src/formats/fat/volume.js';
import type { FatType } from '../../../src/formats/fat/layout.js';
import { writeSparseFile } from '../../../src/io/sparse-file.js';
import { findOracle, oraclesPresent, run } from '../../helpers/oracle.js';
import { readTree, writeSampleTree } from './sample-tree.js';

const fsck = findOracle({ name: 'fsck.fat', pkg: 'dosfstools' });
const mcopy = findOracle({ name: 'mcopy', pkg: 'mtools' });
const work = mkdtempSync(join(tmpdir(), 'bootgen-fat-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
process.env.LANG = 'C.UTF-8';
process.env.LC_ALL = 'C.UTF-8';

const src = join(work, 'src');
const files = writeSampleTree({ dir: src, bigBytes: 300_000, collisions: 40 });
const EPOCH = Date.UTC(2026, 0, 1) / 1000;

function build(sizeBytes: number, type?: FatType): string {
  const r = buildFatVolume(files, { sizeBytes, ...(type ? { type } : {}), volumeId: 0xb007_6e11, label: 'BOOTGEN', epoch: EPOCH, dirs: ['/empty-dir'] });
  expect(r.diagnostics).toEqual([]);
  if (!r.value) throw new Error('no volume');
  if (type) expect(r.value.layout.type).toBe(type);
  const img = join(work, `v${sizeBytes}.img`);
  writeSparseFile(img, r.value.sizeBytes, r.value.extents);
  return img;
}

const SWEEP: [string, number, FatType | undefined][] = [
  ['1.44 MB floppy FAT12', 1440 * 1024, 12],
  ['2 MiB FAT12', 2 << 20, 12],
  ['8 MiB FAT12', 8 << 20, 12],
  ['16 MiB FAT16', 16 << 20, 16],
  ['64 MiB FAT16', 64 << 20, 16],
  ['256 MiB FAT16', 256 << 20, 16],
  ['300 MiB FAT32 (forced)', 300 << 20, 32],
  ['600 MiB FAT32', 600 << 20, 32],
  ['1 GiB FAT32', 1 << 30, 32],
];

describe.skipIf(!oraclesPresent([fsck, mcopy], 'FAT volume oracles'))('FAT volume oracles', () => {
  it.each(SWEEP)('%s: fsck.fat clean, mtools reads every file back', (_name, size, type) => {
    const img = build(size, type);
    const f = run(fsck.path ?? 'fsck.fat', ['-n', '-V', img]);
    expect(f.status, f.stdout + f.stderr).toBe(0);
    expect(f.stdout).not.toMatch(/differ|wrong|invalid|bad|lost|orphan|Reclaim|unused|Free cluster/i);
    const out = join(work, `out${size}`);
    mkdirSync(out);
    const m = run(mcopy.path ?? 'mcopy', ['-s', '-n', '-i', img, '::/', out]);
    expect(m.status, m.stderr).toBe(0);
    const theirs = readTree(out);
    const ours = readTree(src);
    expect([...theirs.keys()].sort()).toEqual([...ours.keys()].sort());
    for (const [k, v] of ours) expect(theirs.get(k)?.equals(v), k).toBe(true);
    rmSync(out, { recursive: true });
    rmSync(img);
  });
});

describe('FAT volume diagnostics', () => {
  const big = { path: '/huge.iso', size: 2 ** 32, source: { kind: 'bytes' as const, bytes: new Uint8Array(0) } };
  it('names a file over 4 GiB − 1', () => {
    const r = buildFatVolume([big], { sizeBytes: 64 << 20, volumeId: 1, label: '', epoch: 0 });
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.map((d) => d.code)).toEqual(['media/fat-file-too-large']);
    expect(r.diagnostics[0]?.message).toContain('/huge.iso');
  });
  it('reports a tree that does not fit', () => {
    const r = buildFatVolume([{ ...big, size: 40 << 20 }], { sizeBytes: 16 << 20, volumeId: 1, label: '', epoch: 0 });
    expect(r.diagnostics.map((d) => d.code)).toEqual(['media/fat-full']);
  });
  it('rejects names FAT cannot hold and case-only duplicates', () => {
    const f = (path: string) => ({ path, size: 1, source: { kind: 'bytes' as const, bytes: Uint8Array.of(1) } });
    const r = buildFatVolume([f('/a:b'), f('/Same.txt'), f('/same.TXT')], { sizeBytes: 2 << 20, volumeId: 1, label: '', epoch: 0 });
    expect(r.diagnostics.map((d) => d.code).sort()).toEqual(['media/fat-bad-name', 'media/fat-duplicate-name']);
  });
  it('is deterministic', () => {
    const a = buildFatVolume(files, { sizeBytes: 8 << 20, volumeId: 7, label: 'X', epoch: EPOCH });
    const b = buildFatVolume(files, { sizeBytes: 8 << 20, volumeId: 7, label: 'X', epoch: EPOCH });
    expect(JSON.stringify(a.value?.extents)).toBe(JSON.stringify(b.value?.extents));
  });
});
