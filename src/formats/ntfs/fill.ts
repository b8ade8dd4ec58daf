// Large, mostly uniform streams as extents over shared buffers, so memory stays proportional to
// the metadata that is not a fill: $LogFile (all 0xFF, §1.12), $Bitmap (§1.13) and zero runs.
// Zeros are written as extents too (io/ skips writing all-zero chunks of a sparse file), so the
// volume is right even on a medium whose free space is not zeroed.
import { bytesExtent, type Extent } from '../../binary/extent.js';

const CHUNK = 1 << 20;
let ff: Uint8Array | undefined;
const ZERO = new Uint8Array(CHUNK);

/** `length` zero bytes at `offset`, in shared 1 MiB pieces. */
export function zeroExtents(offset: number, length: number, label: string): Extent[] {
  const out: Extent[] = [];
  for (let o = 0; o < length; o += CHUNK) out.push(bytesExtent(offset + o, ZERO.subarray(0, Math.min(CHUNK, length - o)), label));
  return out;
}

/** §1.12: mkntfs fills $LogFile with 0xFF; ntfs-3g reads an all-0xFF log as clean and empty. */
export function logFileExtents(offset: number, bytes: number): Extent[] {
  ff ??= new Uint8Array(CHUNK).fill(0xff);
  const out: Extent[] = [];
  for (let o = 0; o < bytes; o += CHUNK) out.push(bytesExtent(offset + o, ff.subarray(0, Math.min(CHUNK, bytes - o)), 'ntfs.$LogFile'));
  return out;
}

/**
 * §1.13: clusters [0, used) are allocated (everything is placed contiguously from LCN 0) and the
 * bits past the last cluster up to the data size must be 1; the free middle is shared zeros.
 */
export function bitmapExtents(offset: number, used: number, clusterCount: number, bytes: number): Extent[] {
  const headEnd = Math.ceil(used / 8);
  const tailStart = Math.floor(clusterCount / 8);
  const set = (b: Uint8Array, base: number, from: number, to: number): void => {
    for (let i = from; i < to; i++) b[(i >> 3) - base] = (b[(i >> 3) - base] ?? 0) | (1 << (i & 7));
  };
  if (tailStart <= headEnd) {
    const b = new Uint8Array(bytes);
    set(b, 0, 0, used);
    set(b, 0, clusterCount, bytes * 8);
    return [bytesExtent(offset, b, 'ntfs.$Bitmap')];
  }
  const head = new Uint8Array(headEnd);
  set(head, 0, 0, used);
  const tail = new Uint8Array(bytes - tailStart);
  set(tail, tailStart, clusterCount, bytes * 8);
  return [
    bytesExtent(offset, head, 'ntfs.$Bitmap'),
    ...zeroExtents(offset + headEnd, tailStart - headEnd, 'ntfs.$Bitmap (free)'),
    bytesExtent(offset + tailStart, tail, 'ntfs.$Bitmap tail'),
  ];
}
