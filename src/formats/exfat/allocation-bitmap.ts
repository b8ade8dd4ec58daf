// The allocation bitmap (exFAT spec §7.1.5, ntfs-exfat.md §2.5): bit i (LSB first) = cluster
// i + 2 in use. It is the authority on allocation; fsck does not notice set bits nobody owns,
// so bootgen sets exactly the clusters it hands out.

/** Bytes of the bitmap for `clusterCount` clusters (its DataLength). */
export const bitmapBytes = (clusterCount: number): number => Math.ceil(clusterCount / 8);

/** A bitmap with clusters 2 … next − 1 set: bootgen allocates one contiguous prefix of the heap. */
export function encodeBitmap(clusterCount: number, next: number): Uint8Array {
  const out = new Uint8Array(bitmapBytes(clusterCount));
  const used = next - 2;
  out.fill(0xff, 0, used >>> 3);
  if (used & 7) out[used >>> 3] = (1 << (used & 7)) - 1;
  return out;
}
