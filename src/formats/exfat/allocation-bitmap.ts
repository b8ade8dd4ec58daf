// The allocation bitmap (exFAT spec §7.1, ntfs-exfat.md §2.5): bit i (LSB first) = cluster
// i + 2 in use. It is the authority on allocation; fsck does not notice set bits nobody owns,
// so bootgen sets exactly the clusters it hands out.

/** Bytes of the bitmap for `clusterCount` clusters (its DataLength). */
export const bitmapBytes = (clusterCount: number): number => Math.ceil(clusterCount / 8);

/**
 * The head of a bitmap with clusters 2 … next − 1 set (bootgen allocates one contiguous prefix of
 * the heap), in whole sectors. The rest of DataLength is all zero and stays a hole in the output,
 * like the free tail of the FAT: a 128 TiB volume would otherwise hold a 128 MiB bitmap.
 */
export function encodeBitmap(clusterCount: number, next: number, bytesPerSector: number): Uint8Array {
  const used = next - 2;
  const length = Math.min(bitmapBytes(clusterCount), Math.ceil(Math.ceil(used / 8) / bytesPerSector) * bytesPerSector);
  const out = new Uint8Array(length);
  out.fill(0xff, 0, used >>> 3);
  if (used & 7) out[used >>> 3] = (1 << (used & 7)) - 1;
  return out;
}
