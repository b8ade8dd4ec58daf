// VHDX structures ([MS-VHDX] §2.2; image-formats.md §2). Little-endian; GUIDs in Microsoft layout;
// CRC-32C over the structure with its checksum field zeroed.
import { ascii, at, guid, struct, u16le, u32le, u64le, zeros, type Infer } from '../../binary/index.js';

export const KiB64 = 64 * 1024;
export const HEADER_OFFSETS = [64 * 1024, 128 * 1024] as const;
export const REGION_TABLE_OFFSETS = [192 * 1024, 256 * 1024] as const;
export const HEADER_SIGNATURE = 0x6461_6568; // "head"
export const REGION_SIGNATURE = 0x6967_6572; // "regi"

export const RegionGuid = {
  bat: '2dc27766-f623-4200-9d64-115e9bfd4a08',
  metadata: '8b7ca206-4790-4b9a-b8fe-575f050f886e',
} as const;

export const MetadataGuid = {
  fileParameters: 'caa16737-fa36-4d43-b3b6-33f0aa44e76b',
  virtualDiskSize: '2fa54224-cd1b-4876-b211-5dbed83bf4b8',
  virtualDiskId: 'beca12ab-b2e6-4523-93ef-c309e000c746',
  logicalSectorSize: '8141bf1d-a96f-4709-ba47-f233a8faab5f',
  physicalSectorSize: 'cda348c7-445d-4471-9cc9-e9885251c556',
  parentLocator: 'a8d35f2d-b30b-454d-abf7-d3d84834ab0c',
} as const;

export const VHDX_PARENT_LOCATOR_TYPE = 'b04aefb7-d19e-4a81-b789-25b8e9445913';

export const VhdxFileIdentifier = struct('vhdx.file-identifier', 8, { signature: at(0, ascii(8)) });

export const VhdxHeader = struct('vhdx.header', 80, {
  signature: at(0, u32le),
  checksum: at(4, u32le), // CRC-32C over 4 KiB
  sequenceNumber: at(8, u64le),
  fileWriteGuid: at(16, guid),
  dataWriteGuid: at(32, guid), // what children link to
  logGuid: at(48, guid), // non-zero: a log must be replayed first
  logVersion: at(64, u16le),
  version: at(66, u16le),
  logLength: at(68, u32le),
  logOffset: at(72, u64le),
});
export type VhdxHeader = Infer<typeof VhdxHeader>;

export const VhdxRegionTableHeader = struct('vhdx.region-table', 16, {
  signature: at(0, u32le),
  checksum: at(4, u32le), // CRC-32C over 64 KiB
  entryCount: at(8, u32le),
  reserved: at(12, zeros(4)),
});

export const VhdxRegionEntry = struct('vhdx.region', 32, {
  guid: at(0, guid),
  fileOffset: at(16, u64le),
  length: at(24, u32le),
  required: at(28, u32le),
});
export type VhdxRegionEntry = Infer<typeof VhdxRegionEntry>;

export const VhdxMetadataTableHeader = struct('vhdx.metadata-table', 32, {
  signature: at(0, ascii(8)), // "metadata"
  reserved: at(8, zeros(2)),
  entryCount: at(10, u16le),
  reserved2: at(12, zeros(20)),
});

export const VhdxMetadataEntry = struct('vhdx.metadata-entry', 32, {
  itemId: at(0, guid),
  offset: at(16, u32le),
  length: at(20, u32le),
  flags: at(24, u32le), // bit0 IsUser, bit1 IsVirtualDisk, bit2 IsRequired
  reserved: at(28, zeros(4)),
});
export type VhdxMetadataEntry = Infer<typeof VhdxMetadataEntry>;

export const VhdxParentLocatorHeader = struct('vhdx.parent-locator', 20, {
  locatorType: at(0, guid),
  reserved: at(16, zeros(2)),
  keyValueCount: at(18, u16le),
});

export const VhdxKeyValueEntry = struct('vhdx.key-value', 12, {
  keyOffset: at(0, u32le),
  valueOffset: at(4, u32le),
  keyLength: at(8, u16le),
  valueLength: at(10, u16le),
});
