// The only way format readers see a file: random-access reads, supplied by io/ (or a buffer in tests).
import { FormatError } from '../diagnostics/errors.js';

export interface ReadAt {
  /** total size in bytes */
  readonly size: number;
  /** Reads up to `length` bytes at `offset`; shorter only at end of file. */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** A ReadAt over bytes in memory (tests, small generated structures). */
export function bufferReadAt(bytes: Uint8Array): ReadAt {
  return {
    size: bytes.byteLength,
    read: async (offset, length) => bytes.slice(Math.max(0, offset), Math.max(0, Math.min(bytes.byteLength, offset + length))),
  };
}

/** 64-bit on-disk values become numbers only below 2^53; above that the image is hostile or broken. */
export function toSafeNumber(x: bigint, where: { format: string; structure: string; field: string; offset: number }): number {
  if (x > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new FormatError({ ...where, expected: `at most ${Number.MAX_SAFE_INTEGER}`, actual: x.toString() });
  }
  return Number(x);
}
