// fast-check properties (bounded runs): random Unicode trees, many entries in one directory, deep
// paths and empty files all build, re-read byte for byte and pass fsck.exfat -n; case-only name
// variants always give media/exfat-name-collision; an 8 GiB sparse file writes only its data.
import { closeSync, ftruncateSync, mkdtempSync, openSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import type { VolumeFile } from '../../../src/binary/extent.js';
import { recommendedUpcaseTable, upcaseName } from '../../../src/formats/exfat/upcase-table.js';
import { buildExfatVolume } from '../../../src/formats/exfat/volume.js';
import { oraclesPresent } from '../../helpers/oracle.js';
import { expectFsckClean, fsck } from './oracles.js';
import { renderVolume } from './render-volume.js';
import { pattern, sha256 } from './sample-files.js';
import { walkVolume } from './walk-volume.js';

const work = mkdtempSync(join(tmpdir(), 'bootgen-exfat-prop-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const MiB = 1 << 20;
const GiB = 2 ** 30;
const up = recommendedUpcaseTable().map;
const haveFsck = oraclesPresent([fsck], 'exFAT property tests (fsck.exfat)');

// pieces of names: ASCII, Latin-1, Greek, Cyrillic, CJK, astral (surrogate pairs), and letters
// the table treats specially (ß, ı, ǅ)
const PIECES = ['a', 'B', 'z', '0', '9', ' ', '.', '-', '_', '~', 'é', 'Ü', 'ß', 'ı', 'ǅ', 'σ', 'Ω', 'ж', 'Я', 'ファ', '中', '😀', '𝄞', '#', '$', "'"];
const nameArb = fc.oneof(
  { weight: 5, arbitrary: fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 30 }).map((p) => p.join('')) },
  { weight: 1, arbitrary: fc.integer({ min: 200, max: 255 }).map((n) => 'L'.repeat(n)) },
).filter((n) => n !== '.' && n !== '..' && n.length <= 255);

interface Spec {
  readonly dirs: readonly string[];
  readonly name: string;
  readonly size: number;
}
const specArb = fc.record({ dirs: fc.array(nameArb, { maxLength: 5 }), name: nameArb, size: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 20_000 })) });

/** Drops specs whose path would collide (after up-casing) with an earlier file or directory. */
function toFiles(specs: readonly Spec[]): VolumeFile[] {
  const kind = new Map<string, { path: string; dir: boolean }>();
  const out: VolumeFile[] = [];
  for (const [i, s] of specs.entries()) {
    const parts = [...s.dirs, s.name];
    let ok = true;
    for (let k = 1; k <= parts.length && ok; k++) {
      const path = `/${parts.slice(0, k).join('/')}`;
      const seen = kind.get(parts.slice(0, k).map((p) => upcaseName(p, up)).join('/'));
      const dir = k < parts.length;
      if (seen && (seen.path !== path || !seen.dir || !dir)) ok = false;
    }
    if (!ok) continue;
    for (let k = 1; k <= parts.length; k++) {
      kind.set(parts.slice(0, k).map((p) => upcaseName(p, up)).join('/'), { path: `/${parts.slice(0, k).join('/')}`, dir: k < parts.length });
    }
    out.push({ path: `/${parts.join('/')}`, size: s.size, source: { kind: 'bytes', bytes: pattern(s.size, i + 1) } });
  }
  return out;
}

/** Builds, renders, re-reads every file with our walker and runs fsck; returns the walk. */
function roundTrip(files: readonly VolumeFile[], sizeBytes: number, dirs: readonly string[] = []): ReturnType<typeof walkVolume> {
  const r = buildExfatVolume(files, { sizeBytes, label: 'prop', serial: 7, epoch: 1.8e9, hiddenSectors: 2048, dirs });
  expect(r.diagnostics).toEqual([]);
  if (!r.value) throw new Error('no volume');
  const img = join(work, 'p.img');
  renderVolume({ path: img, sizeBytes: r.value.sizeBytes, extents: r.value.extents });
  const w = walkVolume(img);
  expect(w.problems).toEqual([]);
  for (const f of files) {
    const e = w.entries.get(f.path);
    expect(e?.dataLength, f.path).toBe(f.size);
    if (f.source.kind === 'bytes') expect(sha256(w.read(f.path, 0, f.size)), f.path).toBe(sha256(f.source.bytes));
  }
  if (haveFsck) expectFsckClean(img);
  rmSync(img);
  return w;
}

describe('exFAT properties', () => {
  it('random Unicode trees with empty files round-trip and pass fsck', () => {
    fc.assert(
      fc.property(fc.array(specArb, { minLength: 1, maxLength: 40 }), (specs) => {
        roundTrip(toFiles(specs), 32 * MiB);
      }),
      { numRuns: 30 },
    );
  });

  it('many entries in one directory span clusters', () => {
    fc.assert(
      fc.property(fc.uniqueArray(nameArb, { minLength: 150, maxLength: 400, selector: (n) => upcaseName(n, up) }), (names) => {
        const files = names.map((n, i): VolumeFile => ({ path: `/crowd/${n}`, size: i % 3, source: { kind: 'bytes', bytes: pattern(i % 3, i) } }));
        const w = roundTrip(files, 16 * MiB);
        expect(w.entries.get('/crowd')?.clusters.length).toBeGreaterThan(1);
      }),
      { numRuns: 10 },
    );
  });

  it('deep trees (up to 60 levels) round-trip', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom('d', 'Dir', 'é', 'ж', '😀', 'x y'), { minLength: 20, maxLength: 60 }), fc.nat({ max: 5000 }), (levels, size) => {
        const path = `/${levels.join('/')}/leaf`;
        roundTrip([{ path, size, source: { kind: 'bytes', bytes: pattern(size, 3) } }], 8 * MiB, [`/${levels.slice(0, 5).join('/')}/empty`]);
      }),
      { numRuns: 10 },
    );
  });

  it('names differing only in case always collide', () => {
    fc.assert(
      fc.property(nameArb, fc.nat(), (name, seed) => {
        const upper = upcaseName(name, up);
        // a variant: every unit either as given or replaced by its upper-case form
        const variant = [...name].map((c, i) => ((seed >> (i % 30)) & 1 ? upcaseName(c, up) : c)).join('');
        const other = variant === name ? upper : variant;
        fc.pre(other !== name);
        const f = (p: string): VolumeFile => ({ path: p, size: 1, source: { kind: 'bytes', bytes: Uint8Array.of(1) } });
        const r = buildExfatVolume([f(`/d/${name}`), f(`/d/${other}`)], { sizeBytes: 8 * MiB, label: '', serial: 1, epoch: 1.8e9, hiddenSectors: 0 });
        expect(r.value).toBeUndefined();
        expect(r.diagnostics.map((d) => d.code)).toEqual(['media/exfat-name-collision']);
      }),
      { numRuns: 40 },
    );
  });

  it('an 8 GiB sparse file: only its data ranges are written, and they read back', () => {
    const src = join(work, 'sparse8g.bin');
    fc.assert(
      fc.property(fc.array(fc.record({ offset: fc.integer({ min: 0, max: 8 * GiB - 1 }), length: fc.integer({ min: 1, max: 200_000 }) }), { minLength: 1, maxLength: 5 }), (raw) => {
        const ranges = raw.map((r) => ({ offset: r.offset, length: Math.min(r.length, 8 * GiB - r.offset) }));
        const fd = openSync(src, 'w');
        ftruncateSync(fd, 8 * GiB);
        ranges.forEach((r, i) => writeSync(fd, pattern(r.length, i + 11), 0, r.length, r.offset));
        closeSync(fd);
        const file: VolumeFile = { path: '/disk.raw', size: 8 * GiB, source: { kind: 'file', path: src }, dataRanges: ranges };
        const v = buildExfatVolume([file], { sizeBytes: 12 * GiB, label: 'SPARSE', serial: 3, epoch: 1.8e9, hiddenSectors: 0 });
        if (!v.value) throw new Error(JSON.stringify(v.diagnostics));
        const img = join(work, 'sparse.img');
        const out = renderVolume({ path: img, sizeBytes: v.value.sizeBytes, extents: v.value.extents });
        const data = ranges.reduce((n, r) => n + r.length, 0);
        expect(out.bytesWritten).toBeLessThanOrEqual(data + 256 * 1024);
        expect(statSync(img).blocks * 512).toBeLessThan(data + 16 * MiB);
        const w = walkVolume(img);
        expect(w.problems).toEqual([]);
        // the last writer of an overlap wins, in the source and so on the volume
        const last = ranges.length - 1;
        const r = ranges[last];
        if (r) expect(sha256(w.read('/disk.raw', r.offset, r.length))).toBe(sha256(pattern(r.length, last + 11)));
        if (haveFsck) expectFsckClean(img);
        rmSync(img);
      }),
      { numRuns: 8 },
    );
  });
});
