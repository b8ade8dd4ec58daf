// Bad input gives located diagnostics and no extents, never an exception; and the same input
// always gives the same bytes.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { VolumeFile } from '../../../src/binary/extent.js';
import { buildNtfsVolume, type NtfsVolumeOptions } from '../../../src/formats/ntfs/volume.js';

const opts: NtfsVolumeOptions = { sizeBytes: 8 << 20, label: 'OK', serial: 1n, epoch: 1_767_225_600, hiddenSectors: 0 };
const bytes = (path: string, n = 3): VolumeFile => ({ path, size: n, source: { kind: 'bytes', bytes: new Uint8Array(n).fill(0x41) } });
const big = (path: string, size: number, dataRanges?: VolumeFile['dataRanges']): VolumeFile => ({ path, size, source: { kind: 'file', path: '/nonexistent' }, ...(dataRanges ? { dataRanges } : {}) });

function rejects(files: VolumeFile[], o: Partial<NtfsVolumeOptions>, code: string, file?: string): void {
  const r = buildNtfsVolume(files, { ...opts, ...o });
  expect(r.value).toBeUndefined();
  const d = r.diagnostics.find((x) => x.code === code);
  expect(d, JSON.stringify(r.diagnostics)).toBeDefined();
  expect(d?.severity).toBe('error');
  if (file) expect(d?.origin?.file).toBe(file);
}

describe('NTFS writer diagnostics', () => {
  it('media/ntfs-full: files larger than the volume', () => {
    rejects([big('/huge.bin', 20 << 20)], {}, 'media/ntfs-full');
    // on 2 MiB, metadata ($LogFile 256 KiB, $UpCase 128 KiB, $SDS 260 KiB, …) leaves less than 1.5 MiB
    rejects([big('/a.bin', 1.5 * 2 ** 20)], { sizeBytes: 2 << 20 }, 'media/ntfs-full');
    expect(buildNtfsVolume([big('/a.bin', 1 << 20)], { ...opts, sizeBytes: 2 << 20 }).diagnostics).toEqual([]);
  });

  it('media/ntfs-size: below mkntfs minimum, or a bad cluster size', () => {
    rejects([], { sizeBytes: 1 << 20 }, 'media/ntfs-size');
    rejects([], { clusterSize: 3000 }, 'media/ntfs-size');
    rejects([], { clusterSize: 131072 }, 'media/ntfs-size');
  });

  it.each(['x'.repeat(33), 'a/b', 'star*', 'q?', 'tab\tlabel', 'pipe|', '\ud800'])('media/ntfs-bad-label: %j', (label) => {
    rejects([], { label }, 'media/ntfs-bad-label');
  });

  it('accepts a 32-character Unicode label and an empty one', () => {
    expect(buildNtfsVolume([], { ...opts, label: 'Données-été-日本語-✓'.padEnd(32, 'x') }).diagnostics).toEqual([]);
    expect(buildNtfsVolume([], { ...opts, label: '' }).diagnostics).toEqual([]);
  });

  it.each([
    [['/dir/README.txt', '/dir/readme.TXT'], '/dir/readme.TXT'],
    [['/Ärger', '/äRGER'], '/äRGER'],
    [['/ΣΊΣΥΦΟΣ', '/σίσυφοσ'], '/σίσυφοσ'],
    [['/$mft'], '/$mft'],
    [['/$Extend/x'], '/$Extend'],
    [['/A/x', '/a/y'], '/a'],
  ])('media/ntfs-name-collision: %j', (paths, culprit) => {
    rejects(paths.map((p) => bytes(p)), {}, 'media/ntfs-name-collision', culprit);
  });

  it('names equal only under full Unicode case folding do not collide (ß/SS, ı/I, µ/Μ: §1.10)', () => {
    expect(buildNtfsVolume(['/ß', '/SS', '/ı', '/I', '/µ', '/Μ'].map((p) => bytes(p)), opts).diagnostics).toEqual([]);
  });

  it.each(['a:b', 'what?', 'x<y', 'quote"', 'back\\slash', 'ctl\u0001', 'dot.', 'space ', 'x'.repeat(256), 'lone\udc00'])('media/ntfs-bad-name: %j', (name) => {
    rejects([bytes(`/d/${name}`)], {}, 'media/ntfs-bad-name', `/d/${name}`);
  });

  it('media/ntfs-file-too-large, media/ntfs-bad-data-ranges, media/ntfs-path', () => {
    rejects([big('/x', 2 ** 53)], {}, 'media/ntfs-file-too-large', '/x');
    rejects([big('/x', 100, [{ offset: 50, length: 10 }, { offset: 40, length: 5 }])], {}, 'media/ntfs-bad-data-ranges', '/x');
    rejects([big('/x', 100, [{ offset: 90, length: 20 }])], {}, 'media/ntfs-bad-data-ranges', '/x');
    rejects([bytes('/a'), bytes('/a/b')], {}, 'media/ntfs-path');
  });

  it('media/ntfs-fragmented: a run list that cannot fit in one MFT record', () => {
    const ranges = Array.from({ length: 300 }, (_, i) => ({ offset: i * 2 * 65536, length: 4096 }));
    rejects([big('/holes.bin', 300 * 2 * 65536, ranges)], { sizeBytes: 64 << 20 }, 'media/ntfs-fragmented', '/holes.bin');
  });

  it('media/ntfs-bad-option: values that would wrap in their fields', () => {
    rejects([], { serial: -1n }, 'media/ntfs-bad-option');
    rejects([], { serial: 1n << 64n }, 'media/ntfs-bad-option');
    rejects([], { epoch: Number.NaN }, 'media/ntfs-bad-option');
    rejects([], { hiddenSectors: 2 ** 32 }, 'media/ntfs-bad-option');
    rejects([], { hiddenSectors: 1.5 }, 'media/ntfs-bad-option');
  });

  it('media/ntfs-device-name: a warning, the volume is still built', () => {
    const r = buildNtfsVolume([bytes('/d/CON'), bytes('/d/nul.txt'), bytes('/d/console')], opts);
    expect(r.value).toBeDefined();
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.origin?.file])).toEqual([
      ['media/ntfs-device-name', 'warning', '/d/CON'],
      ['media/ntfs-device-name', 'warning', '/d/nul.txt'],
    ]);
  });

  it('media/ntfs-short-source: in-memory content shorter than the size', () => {
    rejects([{ path: '/x', size: 10, source: { kind: 'bytes', bytes: new Uint8Array(3) } }], {}, 'media/ntfs-short-source', '/x');
  });

  it('never throws, whatever the input (fuzz)', () => {
    const sizes = fc.constantFrom(Number.NaN, -1, 0, 1 << 20, (1 << 20) + 512, 3 << 20, 8 << 20, 2 ** 40, 2 ** 60, Number.POSITIVE_INFINITY, 12345.5);
    const file = fc.record({
      path: fc.oneof(fc.string({ maxLength: 20 }), fc.array(fc.string({ unit: 'grapheme', maxLength: 6 }), { maxLength: 4 }).map((p) => `/${p.join('/')}`)),
      size: fc.oneof(fc.integer({ min: -5, max: 20000 }), fc.constantFrom(Number.NaN, 2 ** 53, 1.5, 5 * 2 ** 30)),
      fromFile: fc.boolean(),
      ranges: fc.option(fc.array(fc.record({ offset: fc.integer({ min: -10, max: 30000 }), length: fc.integer({ min: -10, max: 30000 }) }), { maxLength: 5 })),
    });
    fc.assert(
      fc.property(fc.array(file, { maxLength: 12 }), sizes, fc.string({ maxLength: 40 }), fc.option(fc.integer({ min: -1, max: 1 << 17 })), (fs, sizeBytes, label, clusterSize) => {
        const files: VolumeFile[] = fs.map((f) => ({
          path: f.path,
          size: f.size,
          source: f.fromFile ? { kind: 'file', path: '/nonexistent' } : { kind: 'bytes', bytes: new Uint8Array(Math.max(0, Math.min(20000, Number.isFinite(f.size) ? f.size : 0))) },
          ...(f.ranges ? { dataRanges: f.ranges } : {}),
        }));
        const r = buildNtfsVolume(files, { ...opts, sizeBytes, label, ...(clusterSize !== null ? { clusterSize } : {}) });
        if (r.value === undefined) expect(r.diagnostics.some((d) => d.severity === 'error')).toBe(true);
        else expect(r.diagnostics.every((d) => d.severity !== 'error')).toBe(true);
      }),
      { numRuns: 300, seed: 99 },
    );
  });

  it('is deterministic: the same input gives identical extents', () => {
    const files = [bytes('/a.txt', 10), big('/b.bin', 100_000), ...Array.from({ length: 300 }, (_, i) => bytes(`/many/n${i}`))];
    const digest = (): string => {
      const r = buildNtfsVolume(files, { ...opts, dirs: ['/e'] });
      expect(r.diagnostics).toEqual([]);
      const h = createHash('sha256');
      for (const e of r.value?.extents ?? []) {
        h.update(`${e.offset}:${e.length}:${e.label}:${e.source.kind === 'file' ? `${e.source.path}@${e.source.offset}` : ''}`);
        if (e.source.kind === 'bytes') h.update(e.source.bytes.subarray(0, e.length));
      }
      return h.digest('hex');
    };
    expect(digest()).toBe(digest());
  });
});
