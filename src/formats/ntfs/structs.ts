// Every NTFS on-disk structure bootgen writes or reads, declared once (code-style.md §6.4).
// Section numbers cite the project reference ntfs-exfat.md (shared/reference/); all integers are little-endian.
import { ascii, bytes, u16le, u32le, u64le, u8, utf16le, zeros } from '../../binary/codecs.js';
import { at, struct } from '../../binary/struct.js';

/** §1.2: the boot sector (sector 0 of $Boot, copied to the device's last sector). */
export const BOOT_SECTOR = struct('ntfs.boot', 512, {
  jump: at(0x00, bytes(3)),
  oemId: at(0x03, ascii(8)),
  bytesPerSector: at(0x0b, u16le),
  sectorsPerCluster: at(0x0d, u8),
  // reserved sectors, FAT count, root entries, 16-bit sector count: "must be 0" (§1.14)
  mustBeZero: at(0x0e, zeros(7)),
  media: at(0x15, u8),
  sectorsPerFat: at(0x16, zeros(2)),
  sectorsPerTrack: at(0x18, u16le),
  heads: at(0x1a, u16le),
  hiddenSectors: at(0x1c, u32le),
  sectors32: at(0x20, zeros(4)),
  driveSignature: at(0x24, u32le),
  totalSectors: at(0x28, u64le),
  mftLcn: at(0x30, u64le),
  mftMirrLcn: at(0x38, u64le),
  clustersPerMftRecord: at(0x40, u8),
  pad1: at(0x41, zeros(3)),
  clustersPerIndexBlock: at(0x44, u8),
  pad2: at(0x45, zeros(3)),
  serial: at(0x48, u64le),
  checksum: at(0x50, u32le),
  bootCode: at(0x54, bytes(426)),
  signature: at(0x1fe, u16le),
});

/** §1.4: FILE record header; the update sequence array follows at usaOffset (0x30). */
export const FILE_RECORD = struct('ntfs.file', 0x30, {
  magic: at(0x00, ascii(4)),
  usaOffset: at(0x04, u16le),
  usaCount: at(0x06, u16le),
  lsn: at(0x08, u64le),
  sequence: at(0x10, u16le),
  linkCount: at(0x12, u16le),
  attrsOffset: at(0x14, u16le),
  flags: at(0x16, u16le),
  bytesInUse: at(0x18, u32le),
  bytesAllocated: at(0x1c, u32le),
  baseRecord: at(0x20, u64le),
  nextInstance: at(0x28, u16le),
  reserved: at(0x2a, zeros(2)),
  recordNumber: at(0x2c, u32le),
});

/** §1.5: the part of an attribute header common to both forms. */
export const ATTR_HEADER = struct('ntfs.attr', 0x10, {
  type: at(0x00, u32le),
  length: at(0x04, u32le),
  nonResident: at(0x08, u8),
  nameLength: at(0x09, u8),
  nameOffset: at(0x0a, u16le),
  flags: at(0x0c, u16le),
  instance: at(0x0e, u16le),
});

/** §1.5: resident form, fields after the common header. */
export const RESIDENT = struct('ntfs.attr.resident', 0x18, {
  valueLength: at(0x10, u32le),
  valueOffset: at(0x14, u16le),
  residentFlags: at(0x16, u8),
  reserved: at(0x17, zeros(1)),
});

/** §1.5: non-resident form; compressedSize (0x40) exists only on sparse/compressed attributes. */
export const NON_RESIDENT = struct('ntfs.attr.nonresident', 0x40, {
  lowestVcn: at(0x10, u64le),
  highestVcn: at(0x18, u64le),
  mappingPairsOffset: at(0x20, u16le),
  compressionUnit: at(0x22, u8),
  reserved: at(0x23, zeros(5)),
  allocatedSize: at(0x28, u64le),
  dataSize: at(0x30, u64le),
  initializedSize: at(0x38, u64le),
});
export const COMPRESSED_SIZE = struct('ntfs.attr.compressed', 8, { compressedSize: at(0, u64le) });

/** §1.8: $STANDARD_INFORMATION, the 72-byte NTFS 3.x form. */
export const STANDARD_INFORMATION = struct('ntfs.si', 72, {
  created: at(0x00, u64le),
  modified: at(0x08, u64le),
  mftChanged: at(0x10, u64le),
  accessed: at(0x18, u64le),
  fileAttributes: at(0x20, u32le),
  versions: at(0x24, zeros(12)),
  ownerId: at(0x30, u32le),
  securityId: at(0x34, u32le),
  quotaCharged: at(0x38, u64le),
  usn: at(0x40, u64le),
});

/** §1.8: $FILE_NAME, fixed part; the UTF-16LE name (nameLength units) follows at 0x42. */
export const FILE_NAME = struct('ntfs.fn', 0x42, {
  parent: at(0x00, u64le),
  created: at(0x08, u64le),
  modified: at(0x10, u64le),
  mftChanged: at(0x18, u64le),
  accessed: at(0x20, u64le),
  allocatedSize: at(0x28, u64le),
  dataSize: at(0x30, u64le),
  fileAttributes: at(0x38, u32le),
  reparse: at(0x3c, u32le),
  nameLength: at(0x40, u8),
  namespace: at(0x41, u8),
});

/** §1.11: $INDEX_ROOT value header; an INDEX_HEADER follows at 0x10. */
export const INDEX_ROOT = struct('ntfs.indexroot', 0x10, {
  indexedType: at(0x00, u32le),
  collation: at(0x04, u32le),
  blockSize: at(0x08, u32le),
  clustersPerBlock: at(0x0c, u8),
  reserved: at(0x0d, zeros(3)),
});

/** §1.11: index header (in $INDEX_ROOT at 0x10, in an INDX block at 0x18); offsets relative to it. */
export const INDEX_HEADER = struct('ntfs.indexheader', 0x10, {
  entriesOffset: at(0x00, u32le),
  indexLength: at(0x04, u32le),
  allocatedSize: at(0x08, u32le),
  flags: at(0x0c, u8),
  reserved: at(0x0d, zeros(3)),
});

/** §1.11: index entry header of a file-name ($I30) index; the key follows at 0x10. */
export const INDEX_ENTRY = struct('ntfs.indexentry', 0x10, {
  fileRef: at(0x00, u64le),
  length: at(0x08, u16le),
  keyLength: at(0x0a, u16le),
  flags: at(0x0c, u16le),
  reserved: at(0x0e, zeros(2)),
});

/** §1.9: index entry header of a view index ($SII, $SDH): data offset/length instead of a reference. */
export const VIEW_ENTRY = struct('ntfs.viewentry', 0x10, {
  dataOffset: at(0x00, u16le),
  dataLength: at(0x02, u16le),
  reserved1: at(0x04, zeros(4)),
  length: at(0x08, u16le),
  keyLength: at(0x0a, u16le),
  flags: at(0x0c, u16le),
  reserved2: at(0x0e, zeros(2)),
});

/** §1.11: INDX block header; its INDEX_HEADER follows at 0x18 and the USA at 0x28. */
export const INDX_BLOCK = struct('ntfs.indx', 0x18, {
  magic: at(0x00, ascii(4)),
  usaOffset: at(0x04, u16le),
  usaCount: at(0x06, u16le),
  lsn: at(0x08, u64le),
  vcn: at(0x10, u64le),
});

/** §1.13: $VOLUME_INFORMATION. */
export const VOLUME_INFORMATION = struct('ntfs.volinfo', 12, {
  reserved: at(0, zeros(8)),
  major: at(8, u8),
  minor: at(9, u8),
  flags: at(10, u16le),
});

/** §1.9: $SDS entry header, followed by a self-relative security descriptor. */
export const SDS_ENTRY = struct('ntfs.sds', 20, {
  hash: at(0x00, u32le),
  securityId: at(0x04, u32le),
  offset: at(0x08, u64le),
  length: at(0x10, u32le),
});

/** §1.7: one $AttrDef entry. */
export const ATTRDEF_ENTRY = struct('ntfs.attrdef', 160, {
  label: at(0x00, utf16le(128)),
  type: at(0x80, u32le),
  displayRule: at(0x84, u32le),
  collation: at(0x88, u32le),
  flags: at(0x8c, u32le),
  minSize: at(0x90, u64le),
  maxSize: at(0x98, u64le),
});

/** §1.10: $UpCase:$Info. */
export const UPCASE_INFO = struct('ntfs.upcaseinfo', 32, {
  length: at(0x00, u32le),
  reserved: at(0x04, zeros(4)),
  crc: at(0x08, u64le),
  osVersion: at(0x10, zeros(16)),
});
