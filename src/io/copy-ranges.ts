// Copies byte ranges of a source file into a new file in 1 MiB chunks, hashing as it goes: PXE
// payloads (images, ISOs, kernels) and ISO members are never held whole in memory, and chunks
// of zeros become holes, so sparse sources stay sparse.
import { createHash } from 'node:crypto';
import { closeSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { diag } from '../diagnostics/diagnostic.js';
import { BootgenError, ExitCode } from '../diagnostics/errors.js';

const CHUNK = 1 << 20;
const ZERO = Buffer.alloc(CHUNK);

export interface ByteRange {
  readonly offset: number;
  readonly length: number;
}

/** Writes the ranges of `from`, one after another, to `dest`; returns its size and SHA-256. */
export function copyRanges(from: string, ranges: readonly ByteRange[], dest: string): { bytes: number; sha256: string } {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(CHUNK);
  const src = openSync(from, 'r');
  try {
    const to = openSync(dest, 'w');
    try {
      let written = 0;
      for (const r of ranges) {
        for (let done = 0; done < r.length; ) {
          const n = readSync(src, buf, 0, Math.min(CHUNK, r.length - done), r.offset + done);
          if (n === 0) throw sourceChanged(from, r.offset + done);
          const chunk = buf.subarray(0, n);
          hash.update(chunk);
          if (!chunk.equals(ZERO.subarray(0, n))) for (let w = 0; w < n; ) w += writeSync(to, chunk, w, n - w, written + w);
          written += n;
          done += n;
        }
      }
      ftruncateSync(to, written);
      return { bytes: written, sha256: hash.digest('hex') };
    } finally {
      closeSync(to);
    }
  } finally {
    closeSync(src);
  }
}

function sourceChanged(file: string, at: number): BootgenError {
  return new BootgenError(
    [diag('env/source-changed', 'error', `${file} ended at byte ${at}, inside what was to be copied: it changed during the build`, { origin: { file, offset: at } })],
    ExitCode.environment,
  );
}
