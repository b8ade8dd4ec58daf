// Files over 4 GiB and sparse files (dataRanges): a fully allocated 5 GiB file and a 5 GiB
// sparse file, each with a marker at 4.5 GiB that GRUB and ntfs-3g must read back, and an
// 8 GiB sparse file on a 64 MiB volume that needs neither 8 GiB of volume nor of memory.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { AttrFlag, AttrType } from '../../../src/formats/ntfs/constants.js';
import { buildNtfsVolume } from '../../../src/formats/ntfs/volume.js';
import { oraclesPresent } from '../../helpers/oracle.js';
import { allTools, readMounted, grubBytes, ntfsfixClean, clusterAccountingClean, ntfslsTree } from './ntfs-oracles.js';
import { renderVolume } from './render-volume.js';
import { noise, SampleBuilder } from './sample.js';
import { selfCheck, withImage } from './self-check.js';

const work = mkdtempSync(join(tmpdir(), 'bootgen-ntfs-large-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const GiB = 2 ** 30;
const base = { label: 'BIG', serial: 0xabcdef0123456789n, epoch: Date.UTC(2026, 0, 1) / 1000, hiddenSectors: 2048 };
const MARK_AT = 4.5 * GiB;
const marker = noise(4096, 42);

function grubRead(img: string, path: string, offset: number, length: number): Buffer {
  const r = grubBytes(img, '-s', String(offset), '-n', String(length), 'cat', path);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

describe.skipIf(!oraclesPresent(allTools, 'NTFS large-file oracles'))('NTFS files over 4 GiB', () => {
  it('a fully allocated 5 GiB file: one run, GRUB and ntfs-3g read the marker at 4.5 GiB', () => {
    const s = new SampleBuilder(join(work, 'a'));
    s.sparse('/big/full.bin', 5 * GiB, [{ offset: MARK_AT, data: marker }], { hash: false });
    const file = s.files[0]!;
    // the writer is NOT told about the holes: it allocates all 5 GiB
    const { dataRanges, ...plain } = file;
    const r = buildNtfsVolume([plain], { ...base, sizeBytes: 6 * GiB });
    expect(r.diagnostics).toEqual([]);
    const img = join(work, 'full.img');
    const src = file.source.kind === 'file' ? file.source.path : '';
    renderVolume({ path: img, sizeBytes: r.value!.sizeBytes, extents: r.value!.extents, sourceData: new Map([[src, dataRanges ?? []]]) });
    ntfsfixClean(img);
    clusterAccountingClean(img);
    expect(r.value!.usedClusters * r.value!.clusterSize).toBeGreaterThan(5 * GiB);
    expect(grubRead(img, '/big/full.bin', MARK_AT, marker.length).equals(marker)).toBe(true);
    const m = readMounted(img, [{ path: 'big/full.bin', offset: MARK_AT - 4096, length: 8192 }]);
    expect(m.sizes[0]).toBe(5 * GiB);
    expect(m.data[0]!.subarray(4096).equals(marker)).toBe(true);
    expect(m.data[0]!.subarray(0, 4096).every((x) => x === 0)).toBe(true);
    rmSync(img);
  });

  it('a 5 GiB sparse file: no clusters for holes, GRUB reads the marker past 4 GiB', () => {
    const s = new SampleBuilder(join(work, 'b'));
    s.sparse('/sparse5.bin', 5 * GiB, [{ offset: MARK_AT, data: marker }], { hash: false });
    const r = buildNtfsVolume(s.files, { ...base, sizeBytes: 64 << 20 });
    expect(r.diagnostics).toEqual([]);
    const img = join(work, 'sparse5.img');
    renderVolume({ path: img, sizeBytes: r.value!.sizeBytes, extents: r.value!.extents });
    ntfsfixClean(img);
    clusterAccountingClean(img);
    selfCheck(img);
    // a hole at VCN 0 then the data run: GRUB handles this order (§1.15 item 6)
    expect(grubRead(img, '/sparse5.bin', MARK_AT, marker.length).equals(marker)).toBe(true);
    expect(grubRead(img, '/sparse5.bin', 0, 4096).every((x) => x === 0)).toBe(true);
    // the hole after the marker: without the zero guard GRUB 2.06 returned the marker again here
    const after = grubRead(img, '/sparse5.bin', MARK_AT, 3 * 4096);
    expect(after.subarray(0, 4096).equals(marker)).toBe(true);
    expect(after.subarray(4096).every((x) => x === 0)).toBe(true);
    const m = readMounted(img, [{ path: 'sparse5.bin', offset: MARK_AT, length: 4096 }, { path: 'sparse5.bin', offset: GiB, length: 4096 }]);
    expect(m.sizes[0]).toBe(5 * GiB);
    expect(m.data[0]!.equals(marker)).toBe(true);
    expect(m.data[1]!.every((x) => x === 0)).toBe(true);
    rmSync(img);
  });

  it('an 8 GiB sparse file on a 64 MiB volume: small image, small memory, sparse attribute flags', () => {
    const s = new SampleBuilder(join(work, 'c'));
    const head = noise(10_000, 1);
    const tail = noise(5000, 2);
    s.sparse('/vm/disk.raw', 8 * GiB, [{ offset: 0, data: head }, { offset: 8 * GiB - 5000, data: tail }], { hash: false });
    const t0 = performance.now();
    const r = buildNtfsVolume(s.files, { ...base, sizeBytes: 64 << 20 });
    expect(r.diagnostics).toEqual([]);
    const img = join(work, 'sparse8.img');
    renderVolume({ path: img, sizeBytes: r.value!.sizeBytes, extents: r.value!.extents });
    const ms = performance.now() - t0;
    const inMemory = r.value!.extents.reduce((n, e) => n + (e.source.kind === 'bytes' ? e.length : 0), 0);
    const onDisk = statSync(img).blocks * 512;
    process.stdout.write(`8 GiB sparse file volume: ${ms.toFixed(0)} ms to build + write, ${onDisk} bytes on disk, ${inMemory} bytes of metadata extents\n`);
    expect(inMemory).toBeLessThan(8 << 20);
    expect(onDisk).toBeLessThan(16 << 20);
    ntfsfixClean(img);
    clusterAccountingClean(img);
    selfCheck(img);
    expect([...ntfslsTree(img)].sort()).toEqual(['/vm', '/vm/disk.raw']);
    withImage(img, (rd) => {
      const rec = rd.record(64 + 1);
      const data = rec.attrs.find((a) => a.type === AttrType.data);
      expect(data?.flags).toBe(AttrFlag.sparse);
      expect(data?.compressionUnit).toBe(4);
      expect(data?.dataSize).toBe(8 * GiB);
      // 10 000 bytes → 3 clusters and a zero guard cluster before the hole (GRUB, §1.15 item 6);
      // 5000 bytes straddling the last cluster boundary → 2
      expect(data?.compressedSize).toBe(6 * 4096);
      expect(data?.runs?.map((x) => [x.lcn === undefined ? 'hole' : 'data', x.length])).toEqual([
        ['data', 3], ['data', 1], ['hole', 8 * 2 ** 18 - 6], ['data', 2],
      ]);
    });
    const m = readMounted(img, [
      { path: 'vm/disk.raw', offset: 0, length: head.length },
      { path: 'vm/disk.raw', offset: 8 * GiB - 5000, length: 5000 },
      { path: 'vm/disk.raw', offset: 4 * GiB, length: 65536 },
    ]);
    expect(m.sizes[0]).toBe(8 * GiB);
    expect(m.data[0]!.equals(head)).toBe(true);
    expect(m.data[1]!.equals(tail)).toBe(true);
    expect(m.data[2]!.every((x) => x === 0)).toBe(true);
    rmSync(img);
  });
});
