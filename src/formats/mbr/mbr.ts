// Master Boot Record: boot code, disk signature, four partition entries, 55 AA
// (boot-media.md §2.1; UEFI spec §5.2.1 "Legacy MBR").
import { at, bytes, struct, u16le, u32le, u8 } from '../../binary/index.js';
import { InternalError } from '../../diagnostics/errors.js';

export const MbrPartitionEntry = struct('mbr.partition', 16, {
  status: at(0, u8),
  chsFirst: at(1, bytes(3)),
  type: at(4, u8),
  chsLast: at(5, bytes(3)),
  firstLba: at(8, u32le),
  sectors: at(12, u32le),
});

export const Mbr = struct('mbr', 512, {
  bootCode: at(0, bytes(440)),
  diskSignature: at(440, u32le),
  copyProtect: at(444, u16le),
  partitions: at(446, bytes(64)),
  signature: at(510, u16le),
});

/** Partition type bytes bootgen writes. */
export const MbrType = {
  empty: 0x00,
  fat12: 0x01,
  fat16Lba: 0x0e,
  fat32Lba: 0x0c,
  efiSystem: 0xef,
  gptProtective: 0xee,
  linux: 0x83,
  /** NTFS, exFAT (and HPFS): what Windows expects for a basic data partition */
  ntfsExfat: 0x07,
} as const;

export interface MbrPartition {
  readonly type: number;
  readonly active: boolean;
  readonly firstLba: number;
  readonly sectors: number;
}

export interface MbrSpec {
  /** up to 440 bytes of boot code (GRUB boot.img) */
  readonly bootCode?: Uint8Array;
  readonly diskSignature: number;
  readonly partitions: readonly MbrPartition[];
}

/** CHS for an LBA with 255 heads × 63 sectors; beyond cylinder 1023 the 'FE FF FF' marker. */
export function chs(lba: number): Uint8Array {
  const cyl = Math.floor(lba / (255 * 63));
  if (cyl > 1023) return Uint8Array.of(0xfe, 0xff, 0xff);
  const head = Math.floor(lba / 63) % 255;
  const sector = (lba % 63) + 1;
  return Uint8Array.of(head, ((cyl >> 2) & 0xc0) | sector, cyl & 0xff);
}

export function encodeMbr(spec: MbrSpec): Uint8Array {
  if (spec.partitions.length > 4) throw new InternalError(`MBR holds 4 partitions, got ${spec.partitions.length}`);
  const table = new Uint8Array(64);
  spec.partitions.forEach((p, i) => {
    if (p.firstLba > 0xffffffff || p.sectors > 0xffffffff) throw new InternalError('MBR partition beyond 2 TiB');
    const protective = p.type === MbrType.gptProtective;
    MbrPartitionEntry.encodeInto(table, i * 16, {
      status: p.active ? 0x80 : 0,
      chsFirst: chs(p.firstLba),
      type: p.type,
      // UEFI §5.2.3: the protective entry's ending CHS is FF FF FF when it cannot be represented
      chsLast: protective ? Uint8Array.of(0xff, 0xff, 0xff) : chs(p.firstLba + p.sectors - 1),
      firstLba: p.firstLba,
      sectors: p.sectors,
    });
  });
  const code = new Uint8Array(440);
  if (spec.bootCode) code.set(spec.bootCode.subarray(0, 440));
  return Mbr.encode({ bootCode: code, diskSignature: spec.diskSignature >>> 0, copyProtect: 0, partitions: table, signature: 0xaa55 });
}
