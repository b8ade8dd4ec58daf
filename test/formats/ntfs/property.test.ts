// Property tests: random trees with Unicode names (valid ones checked end to end, case
// collisions rejected with a diagnostic), one directory with hundreds of entries, deep trees,
// and an 8 GiB sparse file with random data ranges. Bounded run counts keep this to seconds.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { foldName } from '../../../src/formats/ntfs/collate.js';
import { nameProblem } from '../../../src/formats/ntfs/names.js';
import { ntfsUpcase } from '../../../src/formats/ntfs/upcase.js';
import { buildNtfsVolume } from '../../../src/formats/ntfs/volume.js';
import { oraclesPresent } from '../../helpers/oracle.js';
import { allTools, grub, grubBytes, mountedTree, readMounted, readWriteSession, ntfsfixClean, ntfslsTree } from './ntfs-oracles.js';
import { renderVolume } from './render-volume.js';
import { noise, SampleBuilder, type Sample } from './sample.js';
import { selfCheck } from './self-check.js';

const work = mkdtempSync(join(tmpdir(), 'bootgen-ntfs-prop-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
process.env.LANG = 'C.UTF-8';
const base = { label: 'PROP', serial: 7n, epoch: 1_767_225_600, hiddenSectors: 63 };
const up = ntfsUpcase();
let runId = 0;

const char = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...'abcdefghijkLMNOPQRSTUVWXYZ0123456789_-. ~$#@!()[]{}+,;=\'') },
  { weight: 3, arbitrary: fc.integer({ min: 0xa0, max: 0xd7ff }).map((c) => String.fromCharCode(c)) },
  // ntfs-3g shows U+F000–U+F0FF as the Win32-forbidden ASCII characters they stand for; avoid them
  { weight: 1, arbitrary: fc.integer({ min: 0xf100, max: 0xfffd }).map((c) => String.fromCharCode(c)) },
  { weight: 1, arbitrary: fc.constantFrom('😀', '𝄞', '𠜎', 'ǅ', 'ß', 'ſ', 'İ', 'ı', 'Σ', 'ς', 'σ') },
);
const name = fc.string({ unit: char, minLength: 1, maxLength: 14 }).filter((n) => nameProblem(n) === undefined);

function check(s: Sample, sizeBytes: number): string {
  const r = buildNtfsVolume(s.files, { ...base, dirs: s.dirs, sizeBytes });
  expect(r.diagnostics).toEqual([]);
  const img = join(work, `p${runId++}.img`);
  renderVolume({ path: img, sizeBytes: r.value!.sizeBytes, extents: r.value!.extents });
  ntfsfixClean(img);
  selfCheck(img);
  expect([...ntfslsTree(img)].sort()).toEqual([...s.expected.keys()].sort());
  expect(mountedTree(img)).toEqual(s.expected);
  return img;
}

/** What the writer must say about a flat list of paths: collisions after up-casing, or nothing. */
function expectedCodes(paths: readonly string[][]): Set<string> {
  const codes = new Set<string>();
  const children = new Map<string, Map<string, string>>();
  const files = new Set(paths.map((p) => `/${p.join('/')}`));
  const seenFile = new Set<string>();
  for (const p of paths) {
    const full = `/${p.join('/')}`;
    if (seenFile.has(full)) codes.add('media/ntfs-path');
    seenFile.add(full);
    for (let i = 0; i < p.length; i++) {
      const parent = `/${p.slice(0, i).join('/')}`;
      const self = `/${p.slice(0, i + 1).join('/')}`;
      if (i < p.length - 1 && files.has(self)) codes.add('media/ntfs-path');
      const m = children.get(parent) ?? new Map<string, string>();
      children.set(parent, m);
      const key = foldName(p[i]!, up);
      const prev = m.get(key);
      if (prev !== undefined && prev !== p[i]) codes.add('media/ntfs-name-collision');
      if (prev === undefined) m.set(key, p[i]!);
    }
  }
  return codes;
}

describe.skipIf(!oraclesPresent(allTools, 'NTFS property oracles'))('NTFS properties', () => {
  it('random Unicode trees: valid ones read back exactly, case collisions give a diagnostic', () => {
    const outcomes = { checked: 0, rejected: 0 };
    const entry = fc.record({ dirs: fc.array(name, { maxLength: 3 }), leaf: name, size: fc.integer({ min: 0, max: 6000 }), caseTwin: fc.integer({ min: 0, max: 4 }).map((x) => x === 0) });
    fc.assert(
      fc.property(fc.array(entry, { minLength: 1, maxLength: 25 }), (entries) => {
        const paths: string[][] = [];
        for (const e of entries) {
          paths.push([...e.dirs, e.leaf]);
          // add a case variant of the same name next to it, to provoke collisions
          if (e.caseTwin) paths.push([...e.dirs, e.leaf.toUpperCase() === e.leaf ? e.leaf.toLowerCase() : e.leaf.toUpperCase()]);
        }
        const validPaths = paths.filter((p) => p.every((n) => nameProblem(n) === undefined));
        const codes = expectedCodes(validPaths);
        const s = new SampleBuilder(join(work, `t${runId}`));
        validPaths.forEach((p, i) => s.bytes(`/${p.join('/')}`, noise(entries[i % entries.length]!.size, i + 1)));
        const built = buildNtfsVolume(s.files, { ...base, sizeBytes: 16 << 20 });
        if (codes.size > 0) {
          expect(built.value).toBeUndefined();
          expect(new Set(built.diagnostics.map((d) => d.code))).toEqual(codes);
          outcomes.rejected++;
          return;
        }
        const sample = s.build();
        const img = check(sample, 16 << 20);
        // every 4th volume: ntfs-3g deletes the first file and renames the last (DOS names, §1.8)
        if (outcomes.checked % 4 === 0) {
          const filesOnly = [...sample.expected].filter(([, h]) => h !== 'dir').map(([p]) => p);
          const first = filesOnly[0];
          const last = filesOnly[filesOnly.length - 1];
          if (first !== undefined && last !== undefined && first !== last) {
            const after = readWriteSession(img, { remove: [first.slice(1)], rename: [[last.slice(1), `${last.slice(1)}-renamed`]] });
            expect(after.has(first)).toBe(false);
            expect(after.get(`${last}-renamed`)).toBe(sample.expected.get(last));
          }
        }
        rmSync(img);
        outcomes.checked++;
      }),
      { numRuns: 40, seed: 20261202 },
    );
    // both branches must really run
    expect(outcomes.checked).toBeGreaterThanOrEqual(10);
    expect(outcomes.rejected).toBeGreaterThanOrEqual(5);
  });

  it('one directory with hundreds of entries: a multi-level B-tree, sorted, all listed', () => {
    fc.assert(
      fc.property(fc.uniqueArray(name, { minLength: 500, maxLength: 1500, selector: (n) => foldName(n, up) }), (names) => {
        const s = new SampleBuilder(join(work, `m${runId}`));
        for (const [i, n] of names.entries()) s.bytes(`/big dir/${n}`, noise(i % 50, i + 1));
        const img = check(s.build(), 32 << 20);
        const ls = grub(img, 'ls', '/big dir/');
        expect(ls.status, ls.stderr).toBe(0);
        rmSync(img);
      }),
      { numRuns: 4, seed: 7 },
    );
  });

  it('deep trees', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: char, minLength: 1, maxLength: 4 }).filter((n) => nameProblem(n) === undefined), { minLength: 10, maxLength: 60 }), (segs) => {
        const s = new SampleBuilder(join(work, `d${runId}`));
        s.bytes(`/${segs.join('/')}/leaf.txt`, noise(100, 3)).emptyDir(`/${segs.slice(0, 5).join('/')}/empty`);
        rmSync(check(s.build(), 8 << 20));
      }),
      { numRuns: 5, seed: 11 },
    );
  });

  it('an 8 GiB sparse file with random data ranges', () => {
    const GiB = 2 ** 30;
    const range = fc.record({ offset: fc.integer({ min: 0, max: 8 * GiB - 70000 }), length: fc.integer({ min: 1, max: 65536 }) });
    fc.assert(
      fc.property(fc.array(range, { minLength: 0, maxLength: 12 }), (raw) => {
        // sorted and disjoint, as SEEK_DATA reports them
        const ranges = [...raw].sort((a, b) => a.offset - b.offset).filter((r, i, a) => i === 0 || r.offset >= a[i - 1]!.offset + a[i - 1]!.length);
        const s = new SampleBuilder(join(work, `s${runId}`));
        s.sparse('/disk.raw', 8 * GiB, ranges.map((r, i) => ({ offset: r.offset, data: noise(r.length, i + 1) })), { hash: false });
        const r = buildNtfsVolume(s.files, { ...base, sizeBytes: 64 << 20 });
        expect(r.diagnostics).toEqual([]);
        const img = join(work, `s${runId++}.img`);
        renderVolume({ path: img, sizeBytes: r.value!.sizeBytes, extents: r.value!.extents });
        ntfsfixClean(img);
        selfCheck(img);
        const reads = ranges.slice(0, 4).map((x) => ({ path: 'disk.raw', offset: x.offset, length: x.length }));
        const m = readMounted(img, [...reads, { path: 'disk.raw', offset: 8 * GiB - 4096, length: 4096 }]);
        reads.forEach((_, i) => expect(m.data[i]!.equals(noise(ranges[i]!.length, i + 1)), `range ${i}`).toBe(true));
        expect(m.sizes[0] ?? 8 * GiB).toBe(8 * GiB);
        // GRUB across each data range into the hole after it (the zero guard, file-data.ts)
        for (const [i, x] of ranges.slice(0, 3).entries()) {
          const n = Math.min(x.length + 8192, 8 * GiB - x.offset);
          const g = grubBytes(img, '-s', String(x.offset), '-n', String(n), 'cat', '/disk.raw');
          expect(g.status, g.stderr).toBe(0);
          const want = Buffer.alloc(n);
          ranges.forEach((y, j) => {
            const from = Math.max(y.offset, x.offset);
            const to = Math.min(y.offset + y.length, x.offset + want.length);
            if (from < to) noise(y.length, j + 1).copy(want, from - x.offset, from - y.offset, to - y.offset);
          });
          expect(g.stdout.equals(want), `GRUB read of range ${i}`).toBe(true);
        }
        const inMemory = r.value!.extents.reduce((n, e) => n + (e.source.kind === 'bytes' ? e.length : 0), 0);
        expect(inMemory).toBeLessThan(8 << 20);
        rmSync(img);
      }),
      { numRuns: 5, seed: 3 },
    );
  });
});
