// VHD on-disk structures (Virtual Hard Disk Image Format Specification v1.0; image-formats.md §1).
// Every integer is big-endian; time stamps count seconds from 2000-01-01T00:00:00Z.
import { ascii, at, bytes, struct, u32be, u64be, u8, u16be, utf16be, uuid, zeros, type Infer } from '../../binary/index.js';

export const VHD_EPOCH = 946_684_800;
export const VHD_COOKIE = 'conectix';
export const VHD_SPARSE_COOKIE = 'cxsparse';
export const NO_DATA_OFFSET = 0xffff_ffff_ffff_ffffn;
export const BAT_UNUSED = 0xffff_ffff;

/** Footer Disk Type (§1.2). */
export const VhdDiskType = { fixed: 2, dynamic: 3, differencing: 4 } as const;

/** Parent locator platform codes (§1.4). */
export const PlatformCode = {
  none: 0,
  wi2r: 0x5769_3272,
  wi2k: 0x5769_326b,
  w2ru: 0x5732_7275,
  w2ku: 0x5732_6b75,
  mac: 0x4d61_6320,
  macx: 0x4d61_6358,
} as const;

export const VhdFooter = struct('vhd.footer', 512, {
  cookie: at(0, ascii(8)),
  features: at(8, u32be), // bit1 "reserved" must be set
  formatVersion: at(12, u32be),
  dataOffset: at(16, u64be), // dynamic header; all ones for fixed disks
  timestamp: at(24, u32be),
  creatorApp: at(28, ascii(4)),
  creatorVersion: at(32, u32be),
  creatorHostOs: at(36, u32be),
  originalSize: at(40, u64be),
  currentSize: at(48, u64be), // the virtual size (§1.8)
  cylinders: at(56, u16be),
  heads: at(58, u8),
  sectorsPerTrack: at(59, u8),
  diskType: at(60, u32be),
  checksum: at(64, u32be), // ones' complement of the byte sum, this field zeroed (§1.6)
  uniqueId: at(68, uuid),
  savedState: at(84, u8),
  reserved: at(85, zeros(427)),
});
export type VhdFooter = Infer<typeof VhdFooter>;

export const VhdParentLocator = struct('vhd.locator', 24, {
  platformCode: at(0, u32be),
  platformDataSpace: at(4, u32be), // bytes in practice (VirtualBox, Hyper-V); sectors per the spec
  platformDataLength: at(8, u32be),
  reserved: at(12, zeros(4)),
  platformDataOffset: at(16, u64be),
});
export type VhdParentLocator = Infer<typeof VhdParentLocator>;

export const LOCATOR_TABLE_OFFSET = 576;
export const LOCATOR_COUNT = 8;

export const VhdDynamicHeader = struct('vhd.dynamic-header', 1024, {
  cookie: at(0, ascii(8)),
  dataOffset: at(8, u64be),
  tableOffset: at(16, u64be), // Block Allocation Table
  headerVersion: at(24, u32be),
  maxTableEntries: at(28, u32be),
  blockSize: at(32, u32be),
  checksum: at(36, u32be),
  parentUniqueId: at(40, uuid),
  parentTimestamp: at(56, u32be),
  reserved1: at(60, zeros(4)),
  parentUnicodeName: at(64, utf16be(512)),
  locators: at(LOCATOR_TABLE_OFFSET, bytes(LOCATOR_COUNT * 24)),
  reserved2: at(768, zeros(256)),
});
export type VhdDynamicHeader = Infer<typeof VhdDynamicHeader>;
