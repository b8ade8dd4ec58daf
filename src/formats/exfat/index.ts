// exFAT volume writer (and the reader its tests use): the public surface of src/formats/exfat.
export { buildExfatVolume, type ExfatVolume, type ExfatVolumeOptions } from './volume.js';
export { planExfatLayout, isLayout, clusterByteOffset, type ExfatLayout, type LayoutProblem } from './layout.js';
export { ExfatBootSector } from './boot-sector.js';
export { readBootRegion, type ExfatBoot } from './read-boot-region.js';
export { readDirectory, type DirectoryRead, type EntrySetRecord } from './read-directory.js';
export { bootRegionChecksum, entrySetChecksum, nameHash, upcaseTableChecksum } from './checksum.js';
export { recommendedUpcaseTable, expandUpcase, compressUpcase, upcaseName, type UpcaseTable } from './upcase-table.js';
export type { ByteRange } from './file-data.js';
