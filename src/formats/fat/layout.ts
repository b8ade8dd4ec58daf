// FAT volume geometry: the same choice mkfs.fat 4.2 makes for a regular file of the same size
// (boot-media.md §1.5: geometry, FAT32 from 512 MiB, cluster search, alignment), so fsck/mkfs
// comparisons are exact. Pure maths; encoders turn a FatLayout into bytes.

export type FatType = 12 | 16 | 32;

export interface FatLayout {
  readonly type: FatType;
  readonly bytesPerSector: 512;
  readonly totalSectors: number;
  readonly sectorsPerCluster: number;
  readonly reservedSectors: number;
  readonly numFats: 2;
  /** sectors per FAT copy */
  readonly fatSectors: number;
  /** FAT12/16 fixed root slots; 0 on FAT32 */
  readonly rootEntries: number;
  readonly rootDirSectors: number;
  readonly media: number;
  readonly sectorsPerTrack: number;
  readonly heads: number;
  /** LBA of the volume on its disk (BPB_HiddSec) */
  readonly hiddenSectors: number;
  /** data clusters, numbered 2..clusterCount+1 */
  readonly clusterCount: number;
  readonly firstDataSector: number;
}

export interface FatLayoutOptions {
  /** force a FAT type (mkfs.fat -F) */
  readonly type?: FatType;
  readonly hiddenSectors?: number;
}

// dosfstools limits: never 4085/4086 or 65525/65526 clusters (§1.1).
const MAX_CLUST_12 = 4084;
const FAT12_THRESHOLD = 4085;
const MAX_CLUST_16 = 65524;
const MIN_CLUST_32 = 65525;
const MAX_CLUST_32 = 0x0ffffff6;

interface Preset {
  readonly spt: number;
  readonly heads: number;
  readonly media: number;
  readonly spc: number;
  readonly rootEntries: number;
}

/** mkfs.fat floppy presets, chosen by exact size in KiB. */
const FLOPPIES: Readonly<Record<number, Preset>> = {
  360: { spt: 9, heads: 2, media: 0xfd, spc: 2, rootEntries: 112 },
  720: { spt: 9, heads: 2, media: 0xf9, spc: 2, rootEntries: 112 },
  1200: { spt: 15, heads: 2, media: 0xf9, spc: 1, rootEntries: 224 },
  1440: { spt: 18, heads: 2, media: 0xf0, spc: 1, rootEntries: 224 },
  2880: { spt: 36, heads: 2, media: 0xf0, spc: 2, rootEntries: 224 },
};

/** Geometry mkfs.fat 4.2 invents for a file (no real disk): small → CHS-ish, large → LBA-assist. */
function geometry(sectors: number): { spt: number; heads: number } {
  if (sectors <= 524288) {
    const heads = sectors <= 32768 ? 2 : sectors <= 65536 ? 4 : sectors <= 262144 ? 8 : 16;
    return { spt: sectors <= 4096 ? 16 : 32, heads };
  }
  const limits = [16, 32, 64, 128];
  const heads = limits.find((h) => sectors <= h * 63 * 1024) ?? 255;
  return { spt: 63, heads };
}

const cdiv = (a: number, b: number): number => Math.ceil(a / b);

/** Returns undefined when no FAT of the wanted type fits `sizeBytes`. */
export function planFatLayout(sizeBytes: number, options: FatLayoutOptions = {}): FatLayout | undefined {
  let sectors = Math.floor(sizeBytes / 512);
  if (sectors > 0xffffffff) sectors = 0xffffffff;
  const preset = FLOPPIES[sizeBytes / 1024];
  const geo = preset ? { spt: preset.spt, heads: preset.heads } : geometry(sectors);
  if (sectors > 8192) sectors = Math.floor(sectors / geo.spt) * geo.spt;
  // mkfs.fat aligns structures to the cluster size except on floppy-sized (≤ 4 MiB) volumes
  const align = sectors > 8192;
  let type: FatType | undefined = options.type;
  if (type === undefined && sizeBytes >= 512 * 1024 * 1024) type = 32;
  let spc = preset?.spc ?? 4;
  if (type === 32) {
    const mb = Math.floor(sizeBytes / (1024 * 1024));
    spc = mb > 32 * 1024 ? 64 : mb > 16 * 1024 ? 32 : mb > 8 * 1024 ? 16 : mb > 260 ? 8 : 1;
  }
  const rootEntries0 = type === 32 ? 0 : (preset?.rootEntries ?? 512);
  const reserved0 = type === 32 ? 32 : 1;
  const found = searchClusterSize({ sectors, spc, type, align, rootEntries: rootEntries0, reserved: reserved0 });
  if (!found) return undefined;
  const a = (n: number): number => (align ? cdiv(n, found.spc) * found.spc : n);
  const reservedSectors = a(reserved0);
  const rootDirSectors = found.type === 32 ? 0 : a(cdiv(rootEntries0 * 32, 512));
  const rootEntries = found.type === 32 ? 0 : align ? rootDirSectors * 16 : rootEntries0;
  return {
    type: found.type,
    bytesPerSector: 512,
    totalSectors: sectors,
    sectorsPerCluster: found.spc,
    reservedSectors,
    numFats: 2,
    fatSectors: found.fatSectors,
    rootEntries,
    rootDirSectors: found.type === 32 ? 0 : cdiv(rootEntries * 32, 512),
    media: preset?.media ?? 0xf8,
    sectorsPerTrack: geo.spt,
    heads: geo.heads,
    hiddenSectors: options.hiddenSectors ?? 0,
    clusterCount: found.clusters,
    firstDataSector: reservedSectors + 2 * found.fatSectors + (found.type === 32 ? 0 : cdiv(rootEntries * 32, 512)),
  };
}

interface Search {
  readonly sectors: number;
  readonly spc: number;
  readonly type: FatType | undefined;
  readonly align: boolean;
  readonly rootEntries: number;
  readonly reserved: number;
}

interface Candidate {
  readonly clusters: number;
  readonly fatSectors: number;
}

/** mkfs.fat setup_tables(): double the cluster size until the wanted type's count is legal. */
function searchClusterSize(s: Search): { type: FatType; spc: number; clusters: number; fatSectors: number } | undefined {
  for (let spc = s.spc; spc <= 128; spc *= 2) {
    const a = (n: number): number => (s.align ? cdiv(n, spc) * spc : n);
    const data32 = s.sectors - a(s.reserved);
    const data1216 = data32 - a(cdiv(s.rootEntries * 32, 512));
    const c12 = fat12(data1216, spc, a);
    const c16 = fat16(data1216, spc, a);
    const c32 = fat32(data32, spc, a);
    if (s.type === 32 && c32) return { type: 32, spc, ...c32 };
    if (s.type === 12 && c12) return { type: 12, spc, ...c12 };
    if (s.type === 16 && c16) return { type: 16, spc, ...c16 };
    if (s.type === undefined && (c12 || c16)) {
      if (c16 && (!c12 || c16.clusters > c12.clusters)) return { type: 16, spc, ...c16 };
      if (c12) return { type: 12, spc, ...c12 };
    }
  }
  return undefined;
}

type Align = (n: number) => number;

function fat12(data: number, spc: number, a: Align): Candidate | undefined {
  let clusters = Math.floor((2 * (data * 512 + 6)) / (2 * spc * 512 + 6));
  const fatSectors = a(cdiv(((clusters + 2) * 3 + 1) >> 1, 512));
  clusters = Math.floor((data - 2 * fatSectors) / spc);
  const max = Math.min(Math.floor((fatSectors * 2 * 512) / 3), MAX_CLUST_12);
  return clusters > 0 && clusters <= max - 2 ? { clusters, fatSectors } : undefined;
}

function fat16(data: number, spc: number, a: Align): Candidate | undefined {
  let clusters = Math.floor((data * 512 + 8) / (spc * 512 + 4));
  const fatSectors = a(cdiv((clusters + 2) * 2, 512));
  clusters = Math.floor((data - 2 * fatSectors) / spc);
  const max = Math.min(Math.floor((fatSectors * 512) / 2), MAX_CLUST_16);
  if (clusters <= 0 || clusters > max - 2) return undefined;
  // below 4087 the volume would be misdetected as FAT12 (Windows fastfat uses < 4087)
  if (clusters < FAT12_THRESHOLD + 2) return undefined;
  return { clusters, fatSectors };
}

function fat32(data: number, spc: number, a: Align): Candidate | undefined {
  let clusters = Math.floor((data * 512 + 16) / (spc * 512 + 8));
  const fatSectors = a(cdiv((clusters + 2) * 4, 512));
  clusters = Math.floor((data - 2 * fatSectors) / spc);
  const max = Math.min(Math.floor((fatSectors * 512) / 4), MAX_CLUST_32);
  if (clusters <= 0 || clusters > max) return undefined;
  if (clusters < MIN_CLUST_32) return undefined;
  return { clusters, fatSectors };
}

/** Byte offset of a data cluster inside the volume. */
export function clusterOffset(layout: FatLayout, cluster: number): number {
  return (layout.firstDataSector + (cluster - 2) * layout.sectorsPerCluster) * 512;
}
