// Holes of sparse payloads are found (native lseek SEEK_DATA/SEEK_HOLE) and never read: the sparse
// writer copies only data ranges, keeps holes as holes, and hashes them as zeros.
import { createHash } from 'node:crypto';
import { closeSync, ftruncateSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { dataRanges, holesDetectable } from '../../src/io/data-ranges.js';
import { writeSparseFile } from '../../src/io/sparse-file.js';
import { oraclesRequired } from '../helpers/oracle.js';

const dir = mkdtempSync(join(tmpdir(), 'bootgen-holes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const GiB = 2 ** 30;

function sparse(name: string, size: number, marks: Readonly<Record<number, string>>): string {
  const path = join(dir, name);
  const fd = openSync(path, 'w');
  ftruncateSync(fd, size);
  for (const [at, text] of Object.entries(marks)) writeSync(fd, Buffer.from(text), 0, text.length, Number(at));
  closeSync(fd);
  return path;
}

describe('sparse payloads', () => {
  it('the native hole finder is built (required in CI)', () => {
    if (!holesDetectable()) {
      if (oraclesRequired) throw new Error('build/Release/bootgen_native.node is missing: npm ci did not build native/data-ranges.c');
      process.stderr.write('SKIP hole detection: the native helper is not built (npm run install)\n');
    }
    expect(typeof holesDetectable()).toBe('boolean');
  });

  it.skipIf(!holesDetectable() && !oraclesRequired)('finds the data ranges of a sparse file', () => {
    const path = sparse('a.bin', GiB, { [5 * 2 ** 20]: 'hello', [GiB - 3]: 'end' });
    const ranges = dataRanges(path);
    expect(ranges.length).toBe(2);
    expect(ranges[0]!.offset).toBeLessThanOrEqual(5 * 2 ** 20);
    expect(ranges[0]!.offset + ranges[0]!.length).toBeGreaterThan(5 * 2 ** 20 + 4);
    expect(ranges[1]!.offset + ranges[1]!.length).toBe(GiB);
    expect(ranges.reduce((n, r) => n + r.length, 0)).toBeLessThan(2 ** 20);
  });

  it.skipIf(!holesDetectable() && !oraclesRequired)('copies an 8 GiB sparse file into an image touching only its data, hashing holes as zeros', () => {
    const src = sparse('big.bin', 8 * GiB, { [4.5 * GiB]: 'past 4 GiB', 0: 'head' });
    const dest = join(dir, 'img.bin');
    const r = writeSparseFile(dest, 8 * GiB + 2 ** 20, [
      { offset: 0, length: 512, source: { kind: 'bytes', bytes: new Uint8Array(512).fill(7) }, label: 'meta' },
      { offset: 2 ** 20, length: 8 * GiB, source: { kind: 'file', path: src, offset: 0 }, label: 'big' },
    ], { sha256: true });
    expect(statSync(dest).size).toBe(8 * GiB + 2 ** 20);
    expect(statSync(dest).blocks * 512).toBeLessThan(1 << 20);
    const fd = openSync(dest, 'r');
    const b = Buffer.alloc(10);
    readSync(fd, b, 0, 10, 2 ** 20 + 4.5 * GiB);
    closeSync(fd);
    expect(b.toString()).toBe('past 4 GiB');
    // the same image's hash, computed the slow way over a small copy of the same shape
    const small = sparse('small.bin', 3 * 2 ** 20, { 100: 'x' });
    const s = writeSparseFile(join(dir, 'small.img'), 4 * 2 ** 20, [{ offset: 2 ** 20, length: 3 * 2 ** 20, source: { kind: 'file', path: small, offset: 0 }, label: 's' }], { sha256: true });
    expect(s.sha256).toBe(createHash('sha256').update(readFileSync(join(dir, 'small.img'))).digest('hex'));
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
  });
});
