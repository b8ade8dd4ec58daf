// qcow2 header (QEMU docs/interop/qcow2.txt; image-formats.md §5). All integers big-endian.
import { at, struct, u32be, u64be, u8, zeros, type Infer } from '../../binary/index.js';

export const QCOW_MAGIC = 0x5146_49fb; // "QFI\xfb"

/** Incompatible feature bits (§5): unknown bits make QEMU refuse the image. */
export const Incompatible = { dirty: 1n, corrupt: 2n, dataFile: 4n, compression: 8n, extendedL2: 16n } as const;
export const KNOWN_INCOMPATIBLE = 0x1fn;

/** Header extension types. */
export const Extension = { end: 0, backingFormat: 0xe279_2aca, featureNames: 0x6803_f857, bitmaps: 0x2385_2875, dataFile: 0x4441_5441 } as const;

/** Version 2 fields (72 bytes) plus the version 3 additions up to header_length 112. */
export const Qcow2Header = struct('qcow2.header', 112, {
  magic: at(0, u32be),
  version: at(4, u32be),
  backingFileOffset: at(8, u64be),
  backingFileSize: at(16, u32be),
  clusterBits: at(20, u32be),
  size: at(24, u64be), // virtual size in bytes
  cryptMethod: at(32, u32be),
  l1Size: at(36, u32be),
  l1TableOffset: at(40, u64be),
  refcountTableOffset: at(48, u64be),
  refcountTableClusters: at(56, u32be),
  nbSnapshots: at(60, u32be),
  snapshotsOffset: at(64, u64be),
  incompatibleFeatures: at(72, u64be), // v3 only
  compatibleFeatures: at(80, u64be),
  autoclearFeatures: at(88, u64be),
  refcountOrder: at(96, u32be),
  headerLength: at(100, u32be),
  compressionType: at(104, u8),
  padding: at(105, zeros(7)),
});
export type Qcow2Header = Infer<typeof Qcow2Header>;

export const Qcow2ExtensionHeader = struct('qcow2.extension', 8, {
  type: at(0, u32be),
  length: at(4, u32be),
});

/** Refcount table / L1 entries are u64be; declared for the writer. */
export const U64Entry = struct('qcow2.entry', 8, { value: at(0, u64be) });
