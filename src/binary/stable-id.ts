// Deterministic identifiers (FAT serials, disk signatures, GPT GUIDs) derived from a seed such as
// `site name + medium + purpose`, so two builds of the same site are byte-identical (code-style §6.6).
import { createHash } from 'node:crypto';
import { formatUuid } from './codecs.js';

export function stableBytes(seed: string, n: number): Uint8Array {
  return new Uint8Array(createHash('sha256').update(seed).digest().subarray(0, n));
}

export function stableU32(seed: string): number {
  const b = stableBytes(seed, 4);
  return ((b[0] ?? 0) | ((b[1] ?? 0) << 8) | ((b[2] ?? 0) << 16) | ((b[3] ?? 0) << 24)) >>> 0;
}

/** An RFC 4122 version-4-shaped UUID (random-looking, but a pure function of the seed). */
export function stableGuid(seed: string): string {
  const b = stableBytes(seed, 16);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x40;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  return formatUuid(b);
}
