// VMDK hosted sparse extent header "KDMV" (VMware Virtual Disk Format 1.1; image-formats.md §3.1).
// Little-endian; sizes and offsets count 512-byte sectors.
import { at, struct, u16le, u32le, u64le, u8, zeros, type Infer } from '../../binary/index.js';

export const KDMV_MAGIC = 0x564d_444b; // "KDMV"
export const COWD_MAGIC = 0x4457_4f43; // "COWD" (ESX vmfsSparse)
export const GD_AT_END = 0xffff_ffff_ffff_ffffn;

export const VmdkFlags = { nlTest: 0x1, redundantGd: 0x2, zeroedGrainGte: 0x4, compressed: 0x1_0000, markers: 0x2_0000 } as const;

export const VmdkSparseHeader = struct('vmdk.sparse-header', 512, {
  magicNumber: at(0, u32le),
  version: at(4, u32le),
  flags: at(8, u32le),
  capacity: at(12, u64le), // sectors: the extent's virtual size
  grainSize: at(20, u64le),
  descriptorOffset: at(28, u64le),
  descriptorSize: at(36, u64le),
  numGTEsPerGT: at(44, u32le),
  rgdOffset: at(48, u64le),
  gdOffset: at(56, u64le),
  overHead: at(64, u64le),
  uncleanShutdown: at(72, u8),
  singleEndLineChar: at(73, u8), // 73..76 must be "\n \r\n": detects text-mode transfer damage
  nonEndLineChar: at(74, u8),
  doubleEndLineChar1: at(75, u8),
  doubleEndLineChar2: at(76, u8),
  compressAlgorithm: at(77, u16le),
  pad: at(79, zeros(433)),
});
export type VmdkSparseHeader = Infer<typeof VmdkSparseHeader>;

/** ESX "COWD" sparse header, the fields bootgen reads (libvmdk documentation). */
export const VmdkCowdHeader = struct('vmdk.cowd-header', 32, {
  magicNumber: at(0, u32le),
  version: at(4, u32le),
  flags: at(8, u32le),
  capacity: at(12, u32le),
  grainSize: at(16, u32le),
  gdOffset: at(20, u32le),
  numGDEntries: at(24, u32le),
  freeSector: at(28, u32le),
});
