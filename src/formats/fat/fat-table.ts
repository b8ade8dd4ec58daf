// The file allocation table itself: fatgen103 §4 (boot-media.md §1.4). bootgen allocates every
// chain contiguously, so a chain is just (first cluster, cluster count).
import type { FatType } from './layout.js';

export interface Chain {
  readonly first: number;
  readonly count: number;
}

const EOC: Record<FatType, number> = { 12: 0xfff, 16: 0xffff, 32: 0x0fffffff };

/**
 * Encodes FAT entries 0..lastCluster (rounded up to whole sectors); the rest of the FAT is free
 * (zero) and stays a hole in the output.
 */
export function encodeFat(type: FatType, media: number, chains: readonly Chain[], lastCluster: number): Uint8Array {
  const entries = new Uint32Array(lastCluster + 1);
  entries[0] = (EOC[type] & ~0xff) | media;
  entries[1] = EOC[type];
  for (const c of chains) {
    for (let i = 0; i < c.count; i++) entries[c.first + i] = i + 1 < c.count ? c.first + i + 1 : EOC[type];
  }
  const bytes = type === 12 ? Math.ceil(((lastCluster + 1) * 3) / 2) : (lastCluster + 1) * (type / 8);
  const out = new Uint8Array(Math.ceil(bytes / 512) * 512);
  const view = new DataView(out.buffer);
  for (let n = 0; n <= lastCluster; n++) {
    const v = entries[n] ?? 0;
    if (type === 32) view.setUint32(n * 4, v, true);
    else if (type === 16) view.setUint16(n * 2, v, true);
    else {
      // FAT12: entry n at byte n*3/2; even n → low 12 bits, odd n → high 12 bits
      const at = (n * 3) >> 1;
      const word = view.getUint16(at, true);
      view.setUint16(at, n & 1 ? (word & 0x000f) | (v << 4) : (word & 0xf000) | v, true);
    }
  }
  return out;
}
