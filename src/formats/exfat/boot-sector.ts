// exFAT boot region: boot sector, 8 extended boot sectors, OEM parameters, reserved sector and
// boot checksum sector, written twice (exFAT spec §3.1–3.4, ntfs-exfat.md §2.1–2.2).
import { ascii, at, bytes, struct, u16le, u32le, u64le, u8, zeros } from '../../binary/index.js';
import { bootRegionChecksum } from './checksum.js';
import { BOOT_REGION_SECTORS, type ExfatLayout } from './layout.js';

/** exFAT spec §3.1, Table 3 (Main and Backup Boot Sector Structure). */
export const ExfatBootSector = struct('exfat.boot', 512, {
  jumpBoot: at(0x00, bytes(3)),
  fileSystemName: at(0x03, ascii(8)),
  mustBeZero: at(0x0b, zeros(53)),
  partitionOffset: at(0x40, u64le),
  volumeLength: at(0x48, u64le),
  fatOffset: at(0x50, u32le),
  fatLength: at(0x54, u32le),
  clusterHeapOffset: at(0x58, u32le),
  clusterCount: at(0x5c, u32le),
  firstClusterOfRootDirectory: at(0x60, u32le),
  volumeSerialNumber: at(0x64, u32le),
  fileSystemRevision: at(0x68, u16le),
  volumeFlags: at(0x6a, u16le),
  bytesPerSectorShift: at(0x6c, u8),
  sectorsPerClusterShift: at(0x6d, u8),
  numberOfFats: at(0x6e, u8),
  driveSelect: at(0x6f, u8),
  percentInUse: at(0x70, u8),
  reserved: at(0x71, zeros(7)),
  bootCode: at(0x78, bytes(390)),
  bootSignature: at(0x1fe, u16le),
});

export const FILE_SYSTEM_NAME = 'EXFAT   ';
/** 1.00: fsck.exfat 1.2.0 accepts nothing else (ntfs-exfat.md §2.9) */
const REVISION = 0x0100;
// Not bootable through this VBR: `int 18h` (boot failed, try the next device), then spin. The
// jump at 0 (EB 76) lands on it at 0x78 (§3.1.19).
const NOT_BOOTABLE = [0xcd, 0x18, 0xeb, 0xfe];

export interface BootFields {
  readonly layout: ExfatLayout;
  readonly rootCluster: number;
  readonly serial: number;
  /** floor(100 × allocated / ClusterCount), §3.1.18 */
  readonly percentInUse: number;
}

export function encodeBootSector(f: BootFields): Uint8Array {
  const l = f.layout;
  const code = new Uint8Array(390);
  code.set(NOT_BOOTABLE);
  return ExfatBootSector.encode({
    jumpBoot: Uint8Array.of(0xeb, 0x76, 0x90),
    fileSystemName: FILE_SYSTEM_NAME,
    partitionOffset: BigInt(l.partitionOffset),
    volumeLength: BigInt(l.volumeLength),
    fatOffset: l.fatOffset,
    fatLength: l.fatLength,
    clusterHeapOffset: l.clusterHeapOffset,
    clusterCount: l.clusterCount,
    firstClusterOfRootDirectory: f.rootCluster,
    volumeSerialNumber: f.serial >>> 0,
    fileSystemRevision: REVISION,
    volumeFlags: 0,
    bytesPerSectorShift: l.bytesPerSectorShift,
    sectorsPerClusterShift: l.sectorsPerClusterShift,
    numberOfFats: 1,
    driveSelect: 0x80,
    percentInUse: f.percentInUse,
    bootCode: code,
    bootSignature: 0xaa55,
  });
}

/** One whole boot region (12 sectors); the main and backup regions are identical (§3.1). */
export function encodeBootRegion(f: BootFields): Uint8Array {
  const sector = 1 << f.layout.bytesPerSectorShift;
  const region = new Uint8Array(BOOT_REGION_SECTORS * sector);
  region.set(encodeBootSector(f), 0);
  // §3.2: extended boot sectors 1–8 end in the signature AA550000h (bytes 00 00 55 AA)
  for (let s = 1; s <= 8; s++) region.set([0x00, 0x00, 0x55, 0xaa], (s + 1) * sector - 4);
  // §3.3: OEM parameters unused; mkfs.exfat fills the sector with 0xFF, as do we
  region.fill(0xff, 9 * sector, 10 * sector);
  // sector 10 reserved (zero); sector 11 = the checksum repeated as u32le words (§3.4)
  const sum = bootRegionChecksum(region, sector);
  const view = new DataView(region.buffer);
  for (let o = 11 * sector; o < 12 * sector; o += 4) view.setUint32(o, sum, true);
  return region;
}
