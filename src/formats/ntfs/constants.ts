// NTFS 3.1 constants (ntfs-exfat.md §1.4–§1.11), named once.

export const SECTOR = 512;
/** §1.4: the update sequence stride is 512 bytes whatever the sector size */
export const FIXUP_STRIDE = 512;
export const MFT_RECORD_SIZE = 1024;
export const INDEX_BLOCK_SIZE = 4096;
/** §1.7: ntfs-3g allocates user records from 64 up; we do the same */
export const FIRST_USER_RECORD = 64;
/** any value 1…0xFFFE works (§1.4); mkntfs uses 2 */
export const USN = 2;

export const AttrType = {
  standardInformation: 0x10,
  fileName: 0x30,
  securityDescriptor: 0x50,
  volumeName: 0x60,
  volumeInformation: 0x70,
  data: 0x80,
  indexRoot: 0x90,
  indexAllocation: 0xa0,
  bitmap: 0xb0,
  end: 0xffffffff,
} as const;

/** §1.4 record flags */
export const RecordFlag = { inUse: 0x01, directory: 0x02, extend: 0x04, viewIndex: 0x08 } as const;

/** §1.5 attribute flags */
export const AttrFlag = { sparse: 0x8000 } as const;

/** §1.8 file attribute bits (SI and FN) */
export const FileAttr = {
  readOnly: 0x01,
  hidden: 0x02,
  system: 0x04,
  archive: 0x20,
  sparse: 0x200,
  /** FN and index entries only: the file is a directory */
  i30Index: 0x10000000,
  viewIndex: 0x20000000,
} as const;

/** §1.8 $FILE_NAME namespaces */
export const Namespace = { posix: 0, win32: 1, dos: 2, win32AndDos: 3 } as const;

/** §1.11 / §1.9 collation rules */
export const Collation = { fileName: 0x01, ulong: 0x10, sid: 0x11, securityHash: 0x12, ulongs: 0x13 } as const;

/** §1.11 index entry flags and index header flags */
export const EntryFlag = { subnode: 0x01, last: 0x02 } as const;
export const IndexFlag = { large: 0x01 } as const;

/** §1.7 system records */
export const Rec = {
  mft: 0, mftMirr: 1, logFile: 2, volume: 3, attrDef: 4, root: 5, bitmap: 6, boot: 7,
  badClus: 8, secure: 9, upCase: 10, extend: 11, quota: 24, objId: 25, reparse: 26,
} as const;

/** 100 ns ticks between 1601-01-01 and 1970-01-01 (§1.8) */
export const EPOCH_DELTA_SECONDS = 11644473600n;

export function ntfsTime(unixSeconds: number): bigint {
  return (BigInt(Math.floor(unixSeconds)) + EPOCH_DELTA_SECONDS) * 10_000_000n;
}

/** A file reference: record number in bits 0–47, sequence number in bits 48–63 (§1.8). */
export function fileRef(record: number, sequence: number): bigint {
  return (BigInt(sequence) << 48n) | BigInt(record);
}

export const align8 = (n: number): number => (n + 7) & ~7;
