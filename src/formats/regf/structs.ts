// Windows registry hive (regf) on-disk structures, declared once for reader and writer.
// Layout: reference/boot-media.md §6.4 (cross-checked against hivex lib/hivex-internal.h).
// Every cell offset is relative to the first hbin (file offset 0x1000); all fields little-endian.
import { ascii, at, i32le, struct, u16le, u32le, u64le, utf16le, zeros } from '../../binary/index.js';

/** File offset of the first hbin; every cell offset is relative to it. */
export const HBIN_START = 0x1000;
/** hbins are multiples of this (and the base block is exactly one). */
export const HBIN_ALIGN = 0x1000;
export const HBIN_HEADER_SIZE = 0x20;
/** "no cell" in offset fields */
export const NO_CELL = 0xffffffff;

/** The 4096-byte base block ("regf" header). The checksum covers bytes 0..0x1FB. */
export const BaseBlock = struct('regf.base', 0x1000, {
  signature: at(0x00, ascii(4)), // "regf"
  primarySequence: at(0x04, u32le),
  secondarySequence: at(0x08, u32le), // equal to primary when the hive is clean
  timestamp: at(0x0c, u64le), // FILETIME of the last write
  major: at(0x14, u32le), // 1
  minor: at(0x18, u32le), // 3 (5 on Windows 10)
  fileType: at(0x1c, u32le), // 0 = primary file
  fileFormat: at(0x20, u32le), // 1 = direct memory load
  rootCell: at(0x24, u32le),
  hiveBinsSize: at(0x28, u32le), // bytes of all hbins
  clustering: at(0x2c, u32le), // 1
  fileName: at(0x30, utf16le(64)), // last 32 UTF-16 units of the path; informational
  reserved1: at(0x70, zeros(0x1fc - 0x70)),
  checksum: at(0x1fc, u32le), // XOR of the 127 dwords before it
  reserved2: at(0x200, zeros(0x1000 - 0x200)),
});

/** hbin header; cells start right after it. */
export const HbinHeader = struct('regf.hbin', HBIN_HEADER_SIZE, {
  signature: at(0x00, ascii(4)), // "hbin"
  offset: at(0x04, u32le), // of this hbin, relative to the first
  size: at(0x08, u32le), // multiple of 4096
  reserved: at(0x0c, zeros(8)),
  timestamp: at(0x14, u64le),
  spare: at(0x1c, u32le),
});

/** Every cell starts with its size: negative = allocated, positive = free; includes these 4 bytes. */
export const CellHeader = struct('regf.cell', 4, { size: at(0, i32le) });

/** Key node, offsets relative to the cell data (after the size field). Name follows at 0x4C. */
export const KeyNode = struct('regf.nk', 0x4c, {
  signature: at(0x00, ascii(2)), // "nk"
  flags: at(0x02, u16le), // KEY_COMP_NAME 0x20; root: KEY_HIVE_ENTRY 0x04 | KEY_NO_DELETE 0x08
  timestamp: at(0x04, u64le),
  access: at(0x0c, u32le),
  parent: at(0x10, u32le),
  subkeyCount: at(0x14, u32le),
  volatileSubkeyCount: at(0x18, u32le),
  subkeyList: at(0x1c, u32le),
  volatileSubkeyList: at(0x20, u32le),
  valueCount: at(0x24, u32le),
  valueList: at(0x28, u32le),
  security: at(0x2c, u32le), // sk cell: mandatory
  classCell: at(0x30, u32le),
  maxSubkeyNameBytes: at(0x34, u32le), // as UTF-16 bytes
  maxClassBytes: at(0x38, u32le),
  maxValueNameBytes: at(0x3c, u32le),
  maxValueDataBytes: at(0x40, u32le),
  workVar: at(0x44, u32le),
  nameLength: at(0x48, u16le), // bytes
  classLength: at(0x4a, u16le),
});
export const KEY_COMP_NAME = 0x20;
export const KEY_HIVE_ENTRY = 0x04;
export const KEY_NO_DELETE = 0x08;

/** Value key; name follows at 0x14. */
export const ValueKey = struct('regf.vk', 0x14, {
  signature: at(0x00, ascii(2)), // "vk"
  nameLength: at(0x02, u16le), // 0 = the default value
  dataLength: at(0x04, u32le), // bit 31: data (≤ 4 bytes) stored in dataOffset itself
  dataOffset: at(0x08, u32le),
  type: at(0x0c, u32le),
  flags: at(0x10, u16le), // VALUE_COMP_NAME 1
  spare: at(0x12, u16le),
});
export const VALUE_COMP_NAME = 0x01;
export const DATA_INLINE = 0x80000000;
/** Largest data stored in one cell; larger values use a db big-data record (regf minor ≥ 4). */
export const MAX_SMALL_DATA = 16344;

/** Subkey list header: lf/lh (offset + hash pairs), li (offsets), ri (offsets of lists). */
export const ListHeader = struct('regf.list', 4, {
  signature: at(0, ascii(2)),
  count: at(2, u16le),
});
/** Entries per lh list before an ri index is needed (as Windows splits them). */
export const MAX_LH_ENTRIES = 1012;

/** Security cell; a self-relative SECURITY_DESCRIPTOR follows at 0x14. */
export const SecurityKey = struct('regf.sk', 0x14, {
  signature: at(0x00, ascii(2)), // "sk"
  reserved: at(0x02, u16le),
  flink: at(0x04, u32le),
  blink: at(0x08, u32le),
  refCount: at(0x0c, u32le),
  descriptorSize: at(0x10, u32le),
});

/** Big-data record: segments of MAX_SMALL_DATA bytes listed in a plain offset cell. */
export const BigData = struct('regf.db', 8, {
  signature: at(0, ascii(2)), // "db"
  segmentCount: at(2, u16le),
  segmentList: at(4, u32le),
});

/** Generic 2-byte signature peek for cells whose type is decided by it. */
