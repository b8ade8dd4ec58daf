// Writes a list of extents into a new file: ftruncate to the full size, then write only the
// extents (file data streamed in 1 MiB chunks, all-zero chunks skipped), so the output is sparse
// and memory stays flat whatever the payload. Optionally hashes the whole image (holes as zeros).
import { createHash, type Hash } from 'node:crypto';
import { closeSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { checkExtents, type Extent } from '../binary/extent.js';
import { BootgenError, diag, ExitCode } from '../diagnostics/index.js';

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
  const fd = openSync(path, 'w');
  let written = 0;
  let done = 0;
  let hashed = 0;
  try {
    ftruncateSync(fd, sizeBytes);
    for (const e of sorted) {
      if (hash) hashed = hashZeros(hash, hashed, e.offset);
      const emit = (data: Buffer, at: number): void => {
        if (!data.equals(ZERO.subarray(0, data.length))) written += writeAll(fd, data, at);
        hash?.update(data);
        done += data.length;
      };
      if (e.source.kind === 'bytes') {
        const b = e.source.bytes;
        for (let off = 0; off < e.length; off += CHUNK) {
          emit(Buffer.from(b.buffer, b.byteOffset + off, Math.min(CHUNK, e.length - off)), e.offset + off);
        }
      } else {
        streamFile(e, BUF, emit);
      }
      hashed = e.offset + e.length;
      options.progress?.(done, total);
    }
    if (hash) hashZeros(hash, hashed, sizeBytes);
  } finally {
    closeSync(fd);
  }
  return { sizeBytes, bytesWritten: written, sha256: hash?.digest('hex') };
}

function streamFile(e: Extent, buf: Buffer, emit: (data: Buffer, at: number) => void): void {
  if (e.source.kind !== 'file') return;
  const src = openSync(e.source.path, 'r');
  try {
    for (let off = 0; off < e.length; ) {
      const want = Math.min(CHUNK, e.length - off);
      const got = readSync(src, buf, 0, want, e.source.offset + off);
      if (got === 0) {
        throw new BootgenError(
          [diag('media/source-changed', 'error', `${e.source.path} ended after ${e.source.offset + off} bytes; expected ${e.source.offset + e.length}`, { hint: 'a payload file changed during the build; run it again' })],
          ExitCode.badInput,
        );
      }
      emit(buf.subarray(0, got), e.offset + off);
      off += got;
    }
  } finally {
    closeSync(src);
  }
}

function writeAll(fd: number, data: Buffer, at: number): number {
  for (let off = 0; off < data.length; ) off += writeSync(fd, data, off, data.length - off, at + off);
  return data.length;
}

function hashZeros(hash: Hash, from: number, to: number): number {
  for (let p = from; p < to; p += CHUNK) hash.update(ZERO.subarray(0, Math.min(CHUNK, to - p)));
  return to;
}
