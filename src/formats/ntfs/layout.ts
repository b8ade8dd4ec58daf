// NTFS volume geometry, as mkntfs 2022.10.3 chooses it for a device of the same size
// (ntfs-exfat.md §1.1–§1.3). Pure arithmetic; nothing here knows about files.
import { INDEX_BLOCK_SIZE, MFT_RECORD_SIZE, SECTOR } from './constants.js';

export interface NtfsLayout {
  /** bytes of the device (partition); the backup boot sector is its last sector */
  readonly deviceBytes: number;
  /** §1.2: device sectors − 1 */
  readonly totalSectors: number;
  readonly clusterSize: number;
  readonly sectorsPerCluster: number;
  readonly clusterCount: number;
  /** boot sector byte 0x40 / 0x44 (§1.2) */
  readonly mftRecordByte: number;
  readonly indexBlockByte: number;
  /** $INDEX_ROOT byte 0x0C (§1.11) */
  readonly indexRootClustersPerBlock: number;
  /** VCN step between INDX blocks of one $INDEX_ALLOCATION */
  readonly vcnPerBlock: number;
  readonly logFileBytes: number;
  /** $Boot: 8192 bytes or one cluster, whichever is larger (§1.1) */
  readonly bootBytes: number;
  /** $MFTMirr: 4 records or one cluster, whichever is larger (§1.1) */
  readonly mirrorRecords: number;
}

/** mkntfs refuses 1 MiB ("Device is too small"); 1 MiB + 512 works (§1.3). */
export const MIN_DEVICE_BYTES = (1 << 20) + SECTOR;
/** §1.3: clusters above 64 KiB need the 2^(256−x) sectors-per-cluster form, which GRUB rejects */
export const MAX_CLUSTER = 65536;
const MAX_CLUSTERS = 2 ** 32 - 1;

/** §1.3: 4096, doubled only when the volume would have 2^32 clusters or more. */
export function defaultClusterSize(deviceBytes: number): number {
  let c = 4096;
  while (Math.floor((deviceBytes - SECTOR) / c) > MAX_CLUSTERS && c < MAX_CLUSTER) c *= 2;
  return c;
}

/** §1.3 (checked against mkntfs in layout.test.ts): 256 KiB, 512 KiB, 2 MiB up to 200 MiB, then volume/200 up to 64 MiB. */
export function logFileBytes(volumeBytes: number, clusterSize: number): number {
  const MiB = 1 << 20;
  if (volumeBytes < 2 * MiB) return 256 * 1024;
  if (volumeBytes < 4 * MiB) return 512 * 1024;
  if (volumeBytes <= 200 * MiB) return 2 * MiB;
  const size = Math.min(64 * MiB, Math.floor(volumeBytes / 200));
  return Math.floor(size / clusterSize) * clusterSize;
}

/** §1.2: a record size as "clusters per record", or −log2(bytes) when smaller than a cluster. */
function recordSizeByte(bytes: number, clusterSize: number): number {
  return bytes >= clusterSize ? bytes / clusterSize : 256 - Math.log2(bytes);
}

/** undefined when the size or cluster is out of range (the caller reports it). */
export function planNtfsLayout(sizeBytes: number, clusterSize?: number): NtfsLayout | undefined {
  const deviceSectors = Math.floor(sizeBytes / SECTOR);
  const deviceBytes = deviceSectors * SECTOR;
  // written as !(x >= min) so that NaN is refused too
  if (!(deviceBytes >= MIN_DEVICE_BYTES) || !Number.isSafeInteger(deviceBytes)) return undefined;
  const cluster = clusterSize ?? defaultClusterSize(deviceBytes);
  if (!Number.isInteger(cluster) || cluster < SECTOR || cluster > MAX_CLUSTER || (cluster & (cluster - 1)) !== 0) return undefined;
  const totalSectors = deviceSectors - 1;
  const sectorsPerCluster = cluster / SECTOR;
  const clusterCount = Math.floor(totalSectors / sectorsPerCluster);
  if (clusterCount > MAX_CLUSTERS) return undefined;
  return {
    deviceBytes,
    totalSectors,
    clusterSize: cluster,
    sectorsPerCluster,
    clusterCount,
    mftRecordByte: recordSizeByte(MFT_RECORD_SIZE, cluster),
    indexBlockByte: recordSizeByte(INDEX_BLOCK_SIZE, cluster),
    indexRootClustersPerBlock: cluster <= INDEX_BLOCK_SIZE ? INDEX_BLOCK_SIZE / cluster : INDEX_BLOCK_SIZE / SECTOR,
    vcnPerBlock: cluster <= INDEX_BLOCK_SIZE ? INDEX_BLOCK_SIZE / cluster : INDEX_BLOCK_SIZE / SECTOR,
    logFileBytes: logFileBytes(totalSectors * SECTOR, cluster),
    bootBytes: Math.max(8192, cluster),
    mirrorRecords: Math.max(4, cluster / MFT_RECORD_SIZE),
  };
}

export const clustersFor = (bytes: number, clusterSize: number): number => Math.ceil(bytes / clusterSize);
