// Test helper: renders a volume's extents into a sparse image file. ftruncate to the full size
// first, then byte extents at their offsets and file extents copied in 1 MiB chunks from their
// source; everything else (and all-zero chunks) stays a hole, so a 300 GiB image costs megabytes.
import { closeSync, ftruncateSync, openSync, readSync, writeSync } from 'node:fs';
import { checkExtents, type Extent } from '../../../src/binary/extent.js';

export interface RenderOptions {
  /** image file to create (overwritten) */
  readonly path: string;
  readonly sizeBytes: number;
  readonly extents: readonly Extent[];
  /** byte offset of the volume inside the image (a partition); default 0 */
  readonly at?: number;
}

export interface RenderResult {
  readonly path: string;
  /** bytes handed to write(): metadata + non-zero file data */
  readonly bytesWritten: number;
}

const CHUNK = 1 << 20;
const ZERO = Buffer.alloc(CHUNK);

export function renderVolume(o: RenderOptions): RenderResult {
  const base = o.at ?? 0;
  const fd = openSync(o.path, 'w');
  let written = 0;
  const put = (b: Uint8Array, at: number): void => {
    if (Buffer.from(b.buffer, b.byteOffset, b.length).equals(ZERO.subarray(0, b.length))) return;
    for (let done = 0; done < b.length; ) done += writeSync(fd, b, done, b.length - done, base + at + done);
    written += b.length;
  };
  try {
    ftruncateSync(fd, base + o.sizeBytes);
    const buf = new Uint8Array(CHUNK);
    for (const e of checkExtents(o.extents, o.sizeBytes)) {
      const src = e.source;
      if (src.kind === 'bytes') {
        for (let off = 0; off < e.length; off += CHUNK) put(src.bytes.subarray(off, Math.min(e.length, off + CHUNK)), e.offset + off);
        continue;
      }
      const sfd = openSync(src.path, 'r');
      try {
        for (let off = 0; off < e.length; off += CHUNK) {
          const n = Math.min(CHUNK, e.length - off);
          const got = readSync(sfd, buf, 0, n, src.offset + off);
          if (got !== n) throw new Error(`${src.path}: short read at ${src.offset + off} (${got} of ${n})`);
          put(buf.subarray(0, n), e.offset + off);
        }
      } finally {
        closeSync(sfd);
      }
    }
  } finally {
    closeSync(fd);
  }
  return { path: o.path, bytesWritten: written };
}
