// Copies byte ranges of a source file, one after another, into a new file: PXE payloads (images,
// ISOs, kernels) and ISO members go through the sparse writer, so nothing is held whole in memory
// and runs of zeros stay holes.
import type { ByteRange, Extent } from '../binary/extent.js';
import { InternalError } from '../diagnostics/errors.js';
import { writeSparseFile } from './sparse-file.js';

/** Writes the ranges of `from` to `dest`; returns its size and SHA-256. */
export function copyRanges(from: string, ranges: readonly ByteRange[], dest: string): { bytes: number; sha256: string } {
  let at = 0;
  const extents: Extent[] = ranges.map((r) => {
    const e: Extent = { offset: at, length: r.length, source: { kind: 'file', path: from, offset: r.offset }, label: from };
    at += r.length;
    return e;
  });
  const r = writeSparseFile(dest, at, extents, { sha256: true });
  if (r.sha256 === undefined) throw new InternalError('the sparse writer was asked for a SHA-256 and gave none');
  return { bytes: r.sizeBytes, sha256: r.sha256 };
}
