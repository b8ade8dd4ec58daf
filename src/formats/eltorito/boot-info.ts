// Patches GRUB's El Torito image for its own LBA: GRUB2 boot info (xorriso --grub2-boot-info) and
// the boot info table (mkisofs -boot-info-table), boot-media.md §4.2.

/** u64 at byte 2548 (= 2048 + 500: diskboot.img's blocklist start) = image LBA × 4 + 5. */
export function applyGrub2BootInfo(image: Uint8Array, imageLba: number): void {
  new DataView(image.buffer, image.byteOffset, image.byteLength).setBigUint64(2548, BigInt(imageLba * 4 + 5), true);
}

/**
 * Bytes 8..63: PVD LBA, image LBA, image length, checksum (sum of LE u32 words from byte 64 to the
 * end), 40 zero bytes. Apply after every other patch: the checksum covers them.
 */
export function applyBootInfoTable(image: Uint8Array, pvdLba: number, imageLba: number): void {
  const v = new DataView(image.buffer, image.byteOffset, image.byteLength);
  let sum = 0;
  for (let i = 64; i + 4 <= image.length; i += 4) sum = (sum + v.getUint32(i, true)) >>> 0;
  v.setUint32(8, pvdLba, true);
  v.setUint32(12, imageLba, true);
  v.setUint32(16, image.length, true);
  v.setUint32(20, sum, true);
  image.fill(0, 24, 64);
}
