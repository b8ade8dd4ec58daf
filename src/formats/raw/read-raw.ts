// Raw disks and ISO images: no header to trust, so the virtual size is the file size. ISO 9660 is
// recognised by "CD001" in the primary volume descriptor (ECMA-119 §8.4), an MBR by 0x55AA.
import type { ReadAt } from '../../binary/index.js';
import type { Result } from '../../diagnostics/diagnostic.js';
import type { ImageHeader } from '../image-header.js';

export const ISO_MAGIC_OFFSET = 32769;

export async function isIso(src: ReadAt): Promise<boolean> {
  if (src.size < ISO_MAGIC_OFFSET + 5) return false;
  const b = await src.read(ISO_MAGIC_OFFSET, 5);
  return String.fromCharCode(...b) === 'CD001';
}

export async function readRaw(src: ReadAt, _file: string): Promise<Result<ImageHeader | undefined>> {
  const iso = await isIso(src);
  let subformat = iso ? 'iso9660' : 'raw';
  if (!iso && src.size >= 512) {
    const sector = await src.read(0, 512);
    if (sector[510] === 0x55 && sector[511] === 0xaa) subformat = /FAT1[26]|FAT32/.test(String.fromCharCode(...sector.subarray(54, 90))) ? 'fat' : 'mbr';
  }
  return {
    value: { format: iso ? 'iso' : 'raw', subformat, virtualSize: src.size, identity: undefined, parent: undefined, dirty: false, extra: {} },
    diagnostics: [],
  };
}
