// VirtualBox VDI pre-header and header v1.1 (VDICore.h; image-formats.md §4). Little-endian;
// UUIDs in IPRT RTUUID layout (first three groups little-endian, i.e. the Microsoft GUID codec).
import { at, bytes, guid, struct, u32le, u64le, type Infer } from '../../binary/index.js';

export const VDI_SIGNATURE = 0xbeda_107f;
export const VDI_VERSION_1_1 = 0x0001_0001;
export const VdiType = { normal: 1, fixed: 2, undo: 3, diff: 4 } as const;
export const NULL_UUID = '00000000-0000-0000-0000-000000000000';

/** Offsets are absolute: the 72-byte pre-header followed by VDIHEADER1 (384 bytes). */
export const VdiHeader = struct('vdi.header', 456, {
  fileInfo: at(0, bytes(64)), // "<<< … Disk Image >>>\n": informational only
  signature: at(64, u32le),
  version: at(68, u32le),
  cbHeader: at(72, u32le),
  imageType: at(76, u32le),
  flags: at(80, u32le),
  comment: at(84, bytes(256)),
  offBlocks: at(340, u32le),
  offData: at(344, u32le),
  legacyCylinders: at(348, u32le),
  legacyHeads: at(352, u32le),
  legacySectors: at(356, u32le),
  legacySectorSize: at(360, u32le),
  dummy: at(364, u32le),
  cbDisk: at(368, u64le), // virtual size
  cbBlock: at(376, u32le),
  cbBlockExtra: at(380, u32le),
  cBlocks: at(384, u32le),
  cBlocksAllocated: at(388, u32le),
  uuidCreate: at(392, guid),
  uuidModify: at(408, guid),
  uuidLinkage: at(424, guid), // diff images: the parent's uuidCreate
  uuidParentModify: at(440, guid), // diff images: the parent's uuidModify when linked
});
export type VdiHeader = Infer<typeof VdiHeader>;
