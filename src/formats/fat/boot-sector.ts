// FAT boot sector (BPB), FAT32 extension and FSInfo: fatgen103 §3.1–3.3, boot-media.md §1.2–1.3.
import { ascii, at, bytes, struct, u16le, u32le, u8, zeros } from '../../binary/index.js';
import type { FatLayout } from './layout.js';

/** fatgen103 §3.1: fields common to FAT12/16/32 (bytes 0..35). */
export const BiosParameterBlock = struct('fat.bpb', 36, {
  jmpBoot: at(0, bytes(3)),
  oemName: at(3, ascii(8, 0x20)),
  bytesPerSector: at(11, u16le),
  sectorsPerCluster: at(13, u8),
  reservedSectors: at(14, u16le),
  numFats: at(16, u8),
  rootEntries: at(17, u16le),
  totalSectors16: at(19, u16le),
  media: at(21, u8),
  fatSectors16: at(22, u16le),
  sectorsPerTrack: at(24, u16le),
  heads: at(26, u16le),
  hiddenSectors: at(28, u32le),
  totalSectors32: at(32, u32le),
});

/** fatgen103 §3.2: FAT12/16 extended BPB at offset 36. */
export const Fat16Extension = struct('fat.bpb16', 26, {
  driveNumber: at(0, u8),
  reserved1: at(1, zeros(1)),
  bootSignature: at(2, u8),
  volumeId: at(3, u32le),
  volumeLabel: at(7, ascii(11, 0x20)),
  fsType: at(18, ascii(8, 0x20)),
});

/** fatgen103 §3.3: FAT32 extended BPB at offset 36. */
export const Fat32Extension = struct('fat.bpb32', 54, {
  fatSectors32: at(0, u32le),
  extFlags: at(4, u16le),
  fsVersion: at(6, u16le),
  rootCluster: at(8, u32le),
  fsInfoSector: at(12, u16le),
  backupBootSector: at(14, u16le),
  reserved: at(16, zeros(12)),
  driveNumber: at(28, u8),
  reserved1: at(29, zeros(1)),
  bootSignature: at(30, u8),
  volumeId: at(31, u32le),
  volumeLabel: at(35, ascii(11, 0x20)),
  fsType: at(46, ascii(8, 0x20)),
});

/** fatgen103 §5: FSInfo sector. */
export const FsInfo = struct('fat.fsinfo', 512, {
  leadSignature: at(0, u32le),
  reserved1: at(4, zeros(480)),
  structSignature: at(484, u32le),
  freeCount: at(488, u32le),
  nextFree: at(492, u32le),
  reserved2: at(496, zeros(12)),
  trailSignature: at(508, u32le),
});

export interface VolumeIdentity {
  /** BS_VolID */
  readonly volumeId: number;
  /** upper-case, ≤ 11 characters; '' → "NO NAME" */
  readonly label: string;
}

// Boot code for a volume that is not bootable by BIOS: `int 18h` (boot failed, try next device),
// then spin. Placed at the jump target.
const NOT_BOOTABLE = [0xcd, 0x18, 0xeb, 0xfe];

export function encodeBootSector(layout: FatLayout, id: VolumeIdentity): Uint8Array {
  const out = new Uint8Array(512);
  const fat32 = layout.type === 32;
  const codeAt = fat32 ? 90 : 62;
  BiosParameterBlock.encodeInto(out, 0, {
    jmpBoot: Uint8Array.of(0xeb, codeAt - 2, 0x90),
    oemName: 'MSWIN4.1',
    bytesPerSector: 512,
    sectorsPerCluster: layout.sectorsPerCluster,
    reservedSectors: layout.reservedSectors,
    numFats: layout.numFats,
    rootEntries: layout.rootEntries,
    totalSectors16: layout.totalSectors < 65536 ? layout.totalSectors : 0,
    media: layout.media,
    fatSectors16: fat32 ? 0 : layout.fatSectors,
    sectorsPerTrack: layout.sectorsPerTrack,
    heads: layout.heads,
    hiddenSectors: layout.hiddenSectors,
    totalSectors32: layout.totalSectors < 65536 ? 0 : layout.totalSectors,
  });
  const common = {
    driveNumber: layout.media === 0xf8 ? 0x80 : 0,
    bootSignature: 0x29,
    volumeId: id.volumeId >>> 0,
    volumeLabel: id.label === '' ? 'NO NAME' : id.label,
    fsType: `FAT${layout.type}`,
  };
  if (fat32) {
    Fat32Extension.encodeInto(out, 36, {
      ...common,
      fatSectors32: layout.fatSectors,
      extFlags: 0,
      fsVersion: 0,
      rootCluster: 2,
      fsInfoSector: 1,
      backupBootSector: 6,
    });
  } else {
    Fat16Extension.encodeInto(out, 36, common);
  }
  out.set(NOT_BOOTABLE, codeAt);
  out[510] = 0x55;
  out[511] = 0xaa;
  return out;
}

export function encodeFsInfo(freeCount: number, nextFree: number): Uint8Array {
  return FsInfo.encode({
    leadSignature: 0x41615252,
    structSignature: 0x61417272,
    freeCount,
    nextFree,
    trailSignature: 0xaa550000,
  });
}
