// CRC-64 with the reflected polynomial 0x9A6C9329AC4BC9B5 (the "CRC-64/Jones" parameters with an
// all-ones start and final XOR), as NTFS's $UpCase:$Info uses (ntfs-exfat.md §1.10).
const POLY = 0x9a6c9329ac4bc9b5n;
const MASK = 0xffffffffffffffffn;

const TABLE: bigint[] = Array.from({ length: 256 }, (_, n) => {
  let c = BigInt(n);
  for (let k = 0; k < 8; k++) c = c & 1n ? POLY ^ (c >> 1n) : c >> 1n;
  return c;
});

export function crc64Jones(bytes: Uint8Array): bigint {
  let c = MASK;
  for (let i = 0; i < bytes.length; i++) c = (TABLE[Number((c ^ BigInt(bytes[i] ?? 0)) & 0xffn)] ?? 0n) ^ (c >> 8n);
  return c ^ MASK;
}
