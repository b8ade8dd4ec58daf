// Test helper: renders a volume's extents into a sparse image file (byte extents written at
// their offsets, file extents copied from the source, ftruncate to the size so holes stay holes).
import { closeSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { checkExtents, type Extent } from '../../../src/binary/extent.js';

export interface RenderOptions {
  readonly path: string;
  readonly sizeBytes: number;
  readonly extents: readonly Extent[];
}

const CHUNK = 1 << 20;

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
      try {
        for (let done = 0; done < e.length; ) {
          const n = readSync(src, buf, 0, Math.min(CHUNK, e.length - done), e.source.offset + done);
          if (n === 0) throw new Error(`${e.source.path}: short read at ${e.source.offset + done}`);
          written += writeSync(fd, buf, 0, n, e.offset + done);
          done += n;
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
