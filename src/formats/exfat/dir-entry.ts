// exFAT directory entries, 32 bytes each (exFAT spec §6–7, ntfs-exfat.md §2.5–2.8). The type byte:
// bit 7 in use, bit 6 secondary, bit 5 benign, bits 0–4 type code (§6.2.1).
import { at, struct, u16le, u32le, u64le, u8, utf16le, zeros } from '../../binary/index.js';

export const ENTRY_SIZE = 32;

export const EntryType = {
  endOfDirectory: 0x00,
  allocationBitmap: 0x81,
  upcaseTable: 0x82,
  volumeLabel: 0x83,
  file: 0x85,
  streamExtension: 0xc0,
  fileName: 0xc1,
} as const;

/** §7.4.4 FileAttributes */
export const FileAttr = { readOnly: 0x01, hidden: 0x02, system: 0x04, directory: 0x10, archive: 0x20 } as const;

/** §6.4.2 / §7.6.2 GeneralSecondaryFlags (AllocationPossible, NoFatChain) */
export const SecondaryFlags = { allocationPossible: 0x01, noFatChain: 0x02 } as const;

/** §7.1 Allocation Bitmap directory entry. */
export const AllocationBitmapEntry = struct('exfat.bitmap-entry', ENTRY_SIZE, {
  entryType: at(0, u8),
  bitmapFlags: at(1, u8),
  reserved: at(2, zeros(18)),
  firstCluster: at(20, u32le),
  dataLength: at(24, u64le),
});

/** §7.2 Up-case Table directory entry. */
export const UpcaseTableEntry = struct('exfat.upcase-entry', ENTRY_SIZE, {
  entryType: at(0, u8),
  reserved1: at(1, zeros(3)),
  tableChecksum: at(4, u32le),
  reserved2: at(8, zeros(12)),
  firstCluster: at(20, u32le),
  dataLength: at(24, u64le),
});

/** §7.3 Volume Label directory entry: up to 11 UTF-16 units. */
export const VolumeLabelEntry = struct('exfat.label-entry', ENTRY_SIZE, {
  entryType: at(0, u8),
  characterCount: at(1, u8),
  volumeLabel: at(2, utf16le(22)),
  reserved: at(24, zeros(8)),
});

/** §7.4 File directory entry (the primary entry of a file or directory set). */
export const FileEntry = struct('exfat.file-entry', ENTRY_SIZE, {
  entryType: at(0, u8),
  secondaryCount: at(1, u8),
  setChecksum: at(2, u16le),
  fileAttributes: at(4, u16le),
  reserved1: at(6, zeros(2)),
  createTimestamp: at(8, u32le),
  lastModifiedTimestamp: at(12, u32le),
  lastAccessedTimestamp: at(16, u32le),
  create10msIncrement: at(20, u8),
  lastModified10msIncrement: at(21, u8),
  createUtcOffset: at(22, u8),
  lastModifiedUtcOffset: at(23, u8),
  lastAccessedUtcOffset: at(24, u8),
  reserved2: at(25, zeros(7)),
});

/** §7.6 Stream Extension directory entry. */
export const StreamExtensionEntry = struct('exfat.stream-entry', ENTRY_SIZE, {
  entryType: at(0, u8),
  generalSecondaryFlags: at(1, u8),
  reserved1: at(2, zeros(1)),
  nameLength: at(3, u8),
  nameHash: at(4, u16le),
  reserved2: at(6, zeros(2)),
  validDataLength: at(8, u64le),
  reserved3: at(16, zeros(4)),
  firstCluster: at(20, u32le),
  dataLength: at(24, u64le),
});

/** §7.7 File Name directory entry: 15 UTF-16 units, unused ones 0x0000. */
export const FileNameEntry = struct('exfat.name-entry', ENTRY_SIZE, {
  entryType: at(0, u8),
  generalSecondaryFlags: at(1, u8),
  fileName: at(2, utf16le(30)),
});

export const NAME_UNITS_PER_ENTRY = 15;
