// exFAT volume geometry: the choice mkfs.exfat 1.2.0 makes for a device of the same size and
// partition start (ntfs-exfat.md §2.3), so geometry comparisons with mkfs are exact. Pure maths.

export interface ExfatLayout {
  readonly bytesPerSectorShift: 9;
  readonly sectorsPerClusterShift: number;
  readonly clusterSize: number;
  /** VolumeLength, in sectors */
  readonly volumeLength: number;
  /** FatOffset / FatLength / ClusterHeapOffset, in sectors from the volume start */
  readonly fatOffset: number;
  readonly fatLength: number;
  readonly clusterHeapOffset: number;
  /** heap clusters, numbered 2 … clusterCount + 1 */
  readonly clusterCount: number;
  /** PartitionOffset: LBA of the volume on its disk */
  readonly partitionOffset: number;
}

export interface ExfatLayoutOptions {
  /** LBA of the partition; mkfs aligns the FAT and heap to 1 MiB of the disk, not the volume */
  readonly hiddenSectors?: number;
}

export type LayoutProblem = { readonly problem: 'too-small' | 'too-large'; readonly reason: string };

const SECTOR = 512;
const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
/** mkfs.exfat DEFAULT_BOUNDARY_ALIGNMENT */
const ALIGN = MiB;
/** exFAT spec §3.1.9: ClusterCount ≤ 2^32 − 11 */
export const MAX_CLUSTER_COUNT = 0xfffffff5;
/** main + backup boot regions, 12 sectors each (§3.1) */
export const BOOT_REGION_SECTORS = 12;

const roundUp = (n: number, m: number): number => Math.ceil(n / m) * m;

/** mkfs.exfat exfat_set_default_cluster_size(): by device size in bytes. */
export function defaultClusterSize(sizeBytes: number): number {
  if (sizeBytes <= 256 * MiB) return 4 * KiB;
  if (sizeBytes <= 32 * GiB) return 32 * KiB;
  return 128 * KiB;
}

/** mkfs.exfat exfat_build_mkfs_info(), all in bytes; the failures are mkfs's too. */
export function planExfatLayout(sizeBytes: number, options: ExfatLayoutOptions = {}): ExfatLayout | LayoutProblem {
  const partStart = (options.hiddenSectors ?? 0) * SECTOR;
  const size = Math.floor(sizeBytes);
  if (!Number.isSafeInteger(size) || size < SECTOR * 2 * BOOT_REGION_SECTORS) {
    return { problem: 'too-small', reason: 'it cannot hold the two boot regions' };
  }
  const cluster = defaultClusterSize(size);
  const deviceClusters = Math.floor(size / cluster);
  // mkfs: "cluster size is too small" once 4 × clusters overflows a u32 (above 128 TiB)
  if (deviceClusters > Math.floor(0xffffffff / 4)) {
    return { problem: 'too-large', reason: `a FAT for ${deviceClusters} clusters of ${cluster} bytes overflows 32 bits` };
  }
  const fatOff = roundUp(partStart + 2 * BOOT_REGION_SECTORS * SECTOR, ALIGN) - partStart;
  // an overestimate (one entry per device cluster, not per heap cluster), as mkfs does
  const fatLen = roundUp(deviceClusters * 4, cluster);
  const heapOff = roundUp(partStart + fatOff + fatLen, ALIGN) - partStart;
  if (size <= heapOff) {
    return { problem: 'too-small', reason: `the 1 MiB-aligned FAT and cluster heap start at ${heapOff} bytes` };
  }
  const clusterCount = Math.floor((size - heapOff) / cluster);
  if (clusterCount > MAX_CLUSTER_COUNT) return { problem: 'too-large', reason: `${clusterCount} clusters exceed ${MAX_CLUSTER_COUNT}` };
  return {
    bytesPerSectorShift: 9,
    sectorsPerClusterShift: Math.log2(cluster / SECTOR),
    clusterSize: cluster,
    volumeLength: Math.floor(size / SECTOR),
    fatOffset: fatOff / SECTOR,
    fatLength: fatLen / SECTOR,
    clusterHeapOffset: heapOff / SECTOR,
    clusterCount,
    partitionOffset: options.hiddenSectors ?? 0,
  };
}

export const isLayout = (x: ExfatLayout | LayoutProblem): x is ExfatLayout => !('problem' in x);

/** Byte offset of heap cluster `n` (≥ 2) from the volume start (§5.1). */
export function clusterByteOffset(layout: ExfatLayout, n: number): number {
  return layout.clusterHeapOffset * SECTOR + (n - 2) * layout.clusterSize;
}
