// The exFAT FAT (exFAT spec §4, ntfs-exfat.md §2.4): u32 entries, 0 = FFFFFFF8h (media), 1 =
// FFFFFFFFh, then next-cluster links ending in FFFFFFFFh. Only FAT-chained allocations appear here
// (system files and directories); NoFatChain file data leaves its entries 0, as exfat-fuse does.

export interface Chain {
  readonly first: number;
  readonly count: number;
}

export const END_OF_CHAIN = 0xffffffff;
const MEDIA = 0xfffffff8;

/**
 * Entries 0 … the last chained cluster, rounded up to whole sectors; the rest of FatLength stays
 * zero (a hole in the output), so memory follows the metadata, not the volume size.
 */
export function encodeFat(chains: readonly Chain[], bytesPerSector: number): Uint8Array {
  const last = chains.reduce((m, c) => Math.max(m, c.first + c.count - 1), 1);
  const out = new Uint8Array(Math.ceil(((last + 1) * 4) / bytesPerSector) * bytesPerSector);
  const view = new DataView(out.buffer);
  view.setUint32(0, MEDIA, true);
  view.setUint32(4, END_OF_CHAIN, true);
  for (const c of chains) {
    for (let i = 0; i < c.count; i++) {
      const n = c.first + i;
      view.setUint32(n * 4, i + 1 < c.count ? n + 1 : END_OF_CHAIN, true);
    }
  }
  return out;
}
