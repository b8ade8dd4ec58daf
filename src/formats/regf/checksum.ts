// regf base-block checksum (reference/boot-media.md §6.4): XOR of the 127 little-endian dwords at
// 0x000..0x1FB; 0 is stored as 1 and 0xFFFFFFFF as 0xFFFFFFFE (Windows' HvpHeaderCheckSum).

export const CHECKSUM_OFFSET = 0x1fc;

/** The checksum of a base block (only its first 0x1FC bytes are read). */
export function regfChecksum(baseBlock: Uint8Array): number {
  const view = new DataView(baseBlock.buffer, baseBlock.byteOffset, Math.min(baseBlock.byteLength, CHECKSUM_OFFSET));
  let sum = 0;
  for (let o = 0; o + 4 <= view.byteLength; o += 4) sum = (sum ^ view.getUint32(o, true)) >>> 0;
  if (sum === 0) return 1;
  if (sum === 0xffffffff) return 0xfffffffe;
  return sum;
}
