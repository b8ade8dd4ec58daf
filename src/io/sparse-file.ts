// Writes a list of extents into a new file: ftruncate to the full size, then write only the
// extents (file data streamed in 1 MiB chunks, all-zero chunks skipped), so the output is sparse
// and memory stays flat whatever the payload. Optionally hashes the whole image (holes as zeros).
import { createHash, type Hash } from 'node:crypto';
import { closeSync, fstatSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { checkExtents, type Extent } from '../binary/extent.js';
import { BootgenError, diag } from '../diagnostics/index.js';
import { fdDataRanges } from './data-ranges.js';
import { writeFailure, writeStep } from './fs-failure.js';

const CHUNK = 1 << 20;
const ZERO = Buffer.alloc(CHUNK);
// one read buffer for every call (writing is synchronous): no 1 MiB garbage per medium
const BUF = Buffer.allocUnsafe(CHUNK);

export interface WriteProgress {
  (doneBytes: number, totalBytes: number): void;
}

export interface SparseWriteOptions {
  readonly progress?: WriteProgress;
  /** compute the SHA-256 of the whole image (holes hashed as zeros) */
  readonly sha256?: boolean;
}

export interface SparseWriteResult {
  readonly sizeBytes: number;
  /** bytes actually written (metadata + non-zero file data) */
  readonly bytesWritten: number;
  readonly sha256: string | undefined;
}

export function writeSparseFile(path: string, sizeBytes: number, extents: readonly Extent[], options: SparseWriteOptions = {}): SparseWriteResult {
  const sorted = checkExtents(extents, sizeBytes);
  const total = sorted.reduce((n, e) => n + e.length, 0);
  const hash = options.sha256 ? createHash('sha256') : undefined;
  // a failed write of the medium (ENOSPC, EIO, EDQUOT) is exit 3 naming it, like the out dir's
  const fd = writeStep(path, 'create', () => openSync(path, 'w'));
  let written = 0;
  let done = 0;
  let hashed = 0;
  try {
    writeStep(path, `size (${sizeBytes} bytes)`, () => ftruncateSync(fd, sizeBytes));
    for (const e of sorted) {
      if (hash) hashed = hashZeros(hash, hashed, e.offset);
      const emit = (data: Buffer, at: number): void => {
        if (!data.equals(ZERO.subarray(0, data.length))) written += writeAll(fd, data, at, path);
        hash?.update(data);
        done += data.length;
      };
      if (e.source.kind === 'bytes') {
        const b = e.source.bytes;
        for (let off = 0; off < e.length; off += CHUNK) {
          emit(Buffer.from(b.buffer, b.byteOffset + off, Math.min(CHUNK, e.length - off)), e.offset + off);
        }
      } else {
        streamFile(e, BUF, emit, (bytes) => {
          if (hash) hashZeros(hash, 0, bytes);
          done += bytes;
        });
      }
      hashed = e.offset + e.length;
      options.progress?.(done, total);
    }
    if (hash) hashZeros(hash, hashed, sizeBytes);
  } finally {
    try {
      closeSync(fd);
    } catch {
      // a delayed write error (EIO on close) after another error: the first one is reported
    }
  }
  return { sizeBytes, bytesWritten: written, sha256: hash?.digest('hex') };
}

/**
 * Streams a file extent's data: only the source's data ranges are read (holes stay holes in the
 * output, and are hashed as zeros when a hash is asked for), so bytes touched follow the data.
 */
function streamFile(e: Extent, buf: Buffer, emit: (data: Buffer, at: number) => void, skip: (bytes: number, at: number) => void): void {
  if (e.source.kind !== 'file') return;
  const src = openSync(e.source.path, 'r');
  try {
    const start = e.source.offset;
    const end = start + e.length;
    const size = fstatSync(src).size;
    if (size < end) throw sourceChanged(e.source.path, size, end);
    let at = start;
    for (const r of fdDataRanges(src, size)) {
      const from = Math.max(start, r.offset);
      const to = Math.min(end, r.offset + r.length);
      if (to <= from) continue;
      if (from > at) skip(from - at, e.offset + (at - start));
      for (let off = from; off < to; ) {
        const got = readSync(src, buf, 0, Math.min(CHUNK, to - off), off);
        if (got === 0) throw sourceChanged(e.source.path, off, end);
        emit(buf.subarray(0, got), e.offset + (off - start));
        off += got;
      }
      at = to;
    }
    if (end > at) skip(end - at, e.offset + (at - start));
  } finally {
    closeSync(src);
  }
}

function sourceChanged(path: string, got: number, wanted: number): BootgenError {
  return new BootgenError(
    [diag('media/source-changed', 'error', `${path} ended after ${got} bytes; expected ${wanted}`, { hint: 'a payload file changed during the build; run it again' })],
  );
}

function writeAll(fd: number, data: Buffer, at: number, path: string): number {
  try {
    for (let off = 0; off < data.length; ) off += writeSync(fd, data, off, data.length - off, at + off);
  } catch (e) {
    throw writeFailure(path, 'write', e);
  }
  return data.length;
}

function hashZeros(hash: Hash, from: number, to: number): number {
  for (let p = from; p < to; p += CHUNK) hash.update(ZERO.subarray(0, Math.min(CHUNK, to - p)));
  return to;
}
