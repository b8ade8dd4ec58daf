// GRUB i386-pc embedding without grub-install: patch boot.img's kernel-sector field and core.img's
// first blocklist entry so BIOS loads a contiguous core.img at LBA `coreLba`
// (GRUB util/setup.c, include/grub/i386/pc/boot.h; boot-media.md §3.1).
import { InternalError } from '../diagnostics/errors.js';

const KERNEL_SECTOR = 0x5c; // GRUB_BOOT_MACHINE_KERNEL_SECTOR: u64 LBA of core.img's first sector
const BOOT_DRIVE = 0x64; // GRUB_BOOT_MACHINE_BOOT_DRIVE: 0xFF = use the drive the BIOS passed in DL
const DRIVE_CHECK = 0x66; // GRUB_BOOT_MACHINE_DRIVE_CHECK: 'jmp' replaced by NOPs for hard disks
const BLOCKLIST = 500; // first blocklist entry {u64 start, u16 sectors, u16 segment} in diskboot.img
const KERNEL_SEG = 0x820; // GRUB_BOOT_I386_PC_KERNEL_SEG + 0x20

/** The first 440 bytes of an MBR: boot.img pointing at core.img (the BPB area is unused on an MBR). */
export function patchBootImg(bootImg: Uint8Array, coreLba: number): Uint8Array {
  if (bootImg.length !== 512) throw new InternalError(`boot.img is ${bootImg.length} bytes, expected 512`);
  const code = bootImg.slice(0, 440);
  const view = new DataView(code.buffer);
  view.setBigUint64(KERNEL_SECTOR, BigInt(coreLba), true);
  code[BOOT_DRIVE] = 0xff;
  code[DRIVE_CHECK] = 0x90;
  code[DRIVE_CHECK + 1] = 0x90;
  return code;
}

/**
 * core.img padded to whole sectors, with its blocklist saying "the remaining n−1 sectors follow at
 * coreLba+1" (diskboot.img loads them). Throws if the image has more than one blocklist entry.
 */
export function patchCoreImg(coreImg: Uint8Array, coreLba: number): Uint8Array {
  const sectors = Math.ceil(coreImg.length / 512);
  const out = new Uint8Array(sectors * 512);
  out.set(coreImg);
  const view = new DataView(out.buffer);
  for (let i = BLOCKLIST - 12; i < BLOCKLIST; i++) {
    if (out[i] !== 0) throw new InternalError('core.img: unexpected second blocklist entry (not made by grub-mkimage -O i386-pc?)');
  }
  view.setBigUint64(BLOCKLIST, BigInt(coreLba + 1), true);
  view.setUint16(BLOCKLIST + 8, sectors - 1, true);
  view.setUint16(BLOCKLIST + 10, KERNEL_SEG, true);
  return out;
}

/** Largest core.img BIOS GRUB can load: (0x78000 − GRUB_KERNEL_I386_PC_LINK_ADDR 0x9000) / 512. */
export const MAX_CORE_SECTORS = (0x78000 - 0x9000) / 512;
