// Test helper: renders a volume's extents into a sparse image file (byte extents written at
// their offsets, file extents copied from the source except all-zero chunks, ftruncate to the size
// so holes stay holes).
import { closeSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { checkExtents, type Extent } from '../../../src/binary/extent.js';

export interface RenderOptions {
  readonly path: string;
  readonly sizeBytes: number;
  readonly extents: readonly Extent[];
  /**
   * Where a source file holds data (what SEEK_DATA would report), by source path: only those
   * ranges are copied, the rest of the source reads as zeros anyway. Lets a test place a
   * multi-GiB, mostly-hole source without reading gigabytes of zeros.
   */
  readonly sourceData?: ReadonlyMap<string, readonly { readonly offset: number; readonly length: number }[]>;
}

const CHUNK = 1 << 20;
const ZERO = Buffer.alloc(CHUNK);
const isZero = (b: Buffer, n: number): boolean => b.compare(ZERO, 0, n, 0, n) === 0;

/** Returns the bytes written (metadata plus streamed data). */
export function renderVolume(o: RenderOptions): number {
  const fd = openSync(o.path, 'w');
  const buf = Buffer.allocUnsafe(CHUNK);
  let written = 0;
  try {
    ftruncateSync(fd, o.sizeBytes);
    for (const e of checkExtents(o.extents, o.sizeBytes)) {
      if (e.source.kind === 'bytes') {
        written += writeSync(fd, e.source.bytes, 0, e.length, e.offset);
        continue;
      }
      const src = openSync(e.source.path, 'r');
      const from = e.source.offset;
      const ranges = o.sourceData?.get(e.source.path) ?? [{ offset: from, length: e.length }];
      try {
        for (const r of ranges) {
          const start = Math.max(from, r.offset);
          const end = Math.min(from + e.length, r.offset + r.length);
          for (let at = start; at < end; ) {
            const n = readSync(src, buf, 0, Math.min(CHUNK, end - at), at);
            if (n === 0) throw new Error(`${e.source.path}: short read at ${at}`);
            // all-zero chunks are skipped, so a source's holes stay holes in the image
            if (!isZero(buf, n)) written += writeSync(fd, buf, 0, n, e.offset + (at - from));
            at += n;
          }
        }
      } finally {
        closeSync(src);
      }
    }
  } finally {
    closeSync(fd);
  }
  return written;
}
