// Checksums as pure functions over byte ranges (start inclusive, end exclusive).

function makeTable(poly: number): Uint32Array {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? poly ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
}

const CRC32_TABLE = makeTable(0xedb88320); // IEEE 802.3, reflected (GPT, UEFI spec §5.3)
const CRC32C_TABLE = makeTable(0x82f63b78); // Castagnoli, reflected (VHDX §2.2.2)

function crc(table: Uint32Array, bytes: Uint8Array, seed: number): number {
  let c = ~seed >>> 0;
  for (let i = 0; i < bytes.length; i++) c = (table[(c ^ (bytes[i] ?? 0)) & 0xff] ?? 0) ^ (c >>> 8);
  return ~c >>> 0;
}

/** CRC-32/ISO-HDLC. Pass the previous result as `seed` to continue over several chunks. */
export const crc32 = (bytes: Uint8Array, seed = 0): number => crc(CRC32_TABLE, bytes, seed);

/** CRC-32C (Castagnoli). */
export const crc32c = (bytes: Uint8Array, seed = 0): number => crc(CRC32C_TABLE, bytes, seed);

/** VHD spec "Checksum": ones' complement of the byte sum. */
export function onesComplementSum(bytes: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < bytes.length; i++) sum = (sum + (bytes[i] ?? 0)) >>> 0;
  return ~sum >>> 0;
}

/** A copy of `bytes` with [offset, offset+length) zeroed: checksums cover their own field as zero. */
export function withFieldZeroed(bytes: Uint8Array, offset: number, length: number): Uint8Array {
  const copy = bytes.slice();
  copy.fill(0, offset, offset + length);
  return copy;
}
