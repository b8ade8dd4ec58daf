// Pure properties of buildExfatVolume: deterministic output, metadata-only memory, extents that
// never overlap, data ranges of sparse sources, and the summary.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkExtents, type Extent, type VolumeFile } from '../../../src/binary/extent.js';
import { fileDataExtents, mergeRanges } from '../../../src/formats/exfat/file-data.js';
import { buildExfatVolume, type ExfatVolumeOptions } from '../../../src/formats/exfat/volume.js';

const GiB = 2 ** 30;
const opts: ExfatVolumeOptions = { sizeBytes: GiB, label: 'DET', serial: 0x01020304, epoch: 1.75e9, hiddenSectors: 2048, dirs: ['/e'] };
const files: VolumeFile[] = [
  { path: '/b/two', size: 70_000, source: { kind: 'file', path: '/nonexistent/two' } },
  { path: '/a', size: 3, source: { kind: 'bytes', bytes: Uint8Array.of(1, 2, 3) } },
  { path: '/b/one', size: 0, source: { kind: 'file', path: '/nonexistent/one' } },
];

function fingerprint(extents: readonly Extent[]): string {
  const h = createHash('sha256');
  for (const e of extents) {
    h.update(`${e.label}@${e.offset}+${e.length}:`);
    if (e.source.kind === 'bytes') h.update(e.source.bytes);
    else h.update(`${e.source.path}#${e.source.offset}`);
  }
  return h.digest('hex');
}

describe('buildExfatVolume', () => {
  it('is deterministic and independent of input order', () => {
    const a = buildExfatVolume(files, opts).value;
    const b = buildExfatVolume([...files].reverse(), opts).value;
    expect(a && fingerprint(a.extents)).toBe(b && fingerprint(b.extents));
    const c = buildExfatVolume(files, { ...opts, epoch: opts.epoch + 2 }).value;
    expect(a && fingerprint(a.extents)).not.toBe(c && fingerprint(c.extents));
  });

  it('never reads file data: file sources become file extents at cluster offsets', () => {
    const v = buildExfatVolume(files, opts).value;
    if (!v) throw new Error('no volume');
    const two = v.extents.find((e) => e.label === '/b/two');
    expect(two?.source).toEqual({ kind: 'file', path: '/nonexistent/two', offset: 0 });
    expect(v.extents.some((e) => e.label === '/b/one')).toBe(false);
    expect(checkExtents(v.extents, v.sizeBytes).length).toBe(v.extents.length);
  });

  it('holds metadata only: a 2 TiB volume with a 1 TiB file is under 1.5 MiB of bytes extents', () => {
    const big: VolumeFile = { path: '/huge.img', size: 1024 * GiB, source: { kind: 'file', path: '/nonexistent/huge' } };
    const v = buildExfatVolume([big], { ...opts, sizeBytes: 2048 * GiB }).value;
    if (!v) throw new Error('no volume');
    const bytes = v.extents.filter((e) => e.source.kind === 'bytes').reduce((n, e) => n + e.length, 0);
    // boot regions, FAT head, the bitmap's used 1 MiB (of 2 MiB), up-case table, two 128 KiB dirs
    expect(bytes).toBeLessThan(1.5 * (1 << 20));
    // 1 TiB of 128 KiB clusters + bitmap (16) + up-case table (1) + root and /e (2)
    expect(v.usedClusters).toBe(8 * 1024 * 1024 + 16 + 1 + 2);
  });

  // (1 GiB − 2 MiB heap offset) / 32 KiB = 32704; bitmap 1 + up-case 1 + 3 dirs + /a 1 + /b/two 3 = 9
  it('summarises geometry and usage', () => {
    const v = buildExfatVolume(files, opts).value;
    expect(v?.summary).toEqual([
      'exFAT 1073741824 bytes, label "DET": 32704 clusters of 32 KiB',
      'FAT at sector 2048 (256 sectors), cluster heap at sector 4096, partition offset 2048',
      '3 directories, 3 files, 9 clusters used (0%)',
    ]);
  });
});

describe('sparse sources (dataRanges)', () => {
  const src: VolumeFile = {
    path: '/s',
    size: 100,
    source: { kind: 'file', path: '/nonexistent/s' },
    dataRanges: [
      { offset: 50, length: 10 },
      { offset: 0, length: 5 },
      { offset: 55, length: 10 },
      { offset: 95, length: 50 },
    ],
  };
  it('emits only the data ranges, sorted, merged and clipped to the file', () => {
    expect(fileDataExtents(1000, src, '/s').map((e) => [e.offset, e.length, e.source.kind === 'file' && e.source.offset])).toEqual([
      [1000, 5, 0],
      [1050, 15, 50],
      [1095, 5, 95],
    ]);
    expect(mergeRanges([{ offset: -5, length: 10 }, { offset: 200, length: 1 }], 100)).toEqual([{ offset: 0, length: 5 }]);
  });
  it('without dataRanges the whole file is one extent', () => {
    const { dataRanges: _unused, ...plain } = src;
    expect(fileDataExtents(1000, plain, '/s')).toEqual([{ offset: 1000, length: 100, source: { kind: 'file', path: '/nonexistent/s', offset: 0 }, label: '/s' }]);
  });
});
