// The NTFS boot sector (ntfs-exfat.md §1.2), written to sector 0 and, byte for byte, to the
// device's last sector, where ntfsfix looks for the backup (§1.2 "Backup boot sector").
import { SECTOR } from './constants.js';
import type { NtfsLayout } from './layout.js';
import { BOOT_SECTOR } from './structs.js';

export interface BootSectorSpec {
  readonly serial: bigint;
  readonly hiddenSectors: number;
  readonly mftLcn: number;
  readonly mftMirrLcn: number;
}

// A data volume, not a boot volume: the code only halts (cli; hlt; jmp back to hlt), so a BIOS
// that boots it by mistake stops instead of running zeros.
const BOOT_CODE = Uint8Array.of(0xfa, 0xf4, 0xeb, 0xfd);

export function encodeBootSector(l: NtfsLayout, s: BootSectorSpec): Uint8Array {
  return BOOT_SECTOR.encode({
    // jmp to 0x54 (the boot code), nop
    jump: Uint8Array.of(0xeb, 0x52, 0x90),
    oemId: 'NTFS    ',
    bytesPerSector: SECTOR,
    sectorsPerCluster: l.sectorsPerCluster,
    media: 0xf8,
    // mkntfs -H 255 -S 63 values; neither ntfs-3g nor GRUB reads them (§0)
    sectorsPerTrack: 63,
    heads: 255,
    hiddenSectors: s.hiddenSectors,
    driveSignature: 0x00800080,
    totalSectors: BigInt(l.totalSectors),
    mftLcn: BigInt(s.mftLcn),
    mftMirrLcn: BigInt(s.mftMirrLcn),
    clustersPerMftRecord: l.mftRecordByte,
    clustersPerIndexBlock: l.indexBlockByte,
    serial: s.serial,
    checksum: 0,
    bootCode: BOOT_CODE,
    signature: 0xaa55,
  });
}

export const decodeBootSector = (b: Uint8Array): ReturnType<typeof BOOT_SECTOR.decode> => BOOT_SECTOR.decode(b, 0, { format: 'ntfs' });
