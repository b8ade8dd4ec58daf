// Raw disks and ISO images: no header to trust, so the virtual size is the file size. ISO 9660 is
// recognised by "CD001" in the primary volume descriptor (ECMA-119 §8.4), an MBR by 0x55AA.
import type { ReadAt } from '../../binary/index.js';
import { diag, type Diagnostic, type Result } from '../../diagnostics/diagnostic.js';
import type { ImageHeader } from '../image-header.js';

export const ISO_MAGIC_OFFSET = 32769;

export async function isIso(src: ReadAt): Promise<boolean> {
  if (src.size < ISO_MAGIC_OFFSET + 5) return false;
  const b = await src.read(ISO_MAGIC_OFFSET, 5);
  return String.fromCharCode(...b) === 'CD001';
}

export async function readRaw(src: ReadAt, file: string): Promise<Result<ImageHeader | undefined>> {
  const iso = await isIso(src);
  let subformat = iso ? 'iso9660' : 'raw';
  if (!iso && src.size >= 512) {
    const sector = await src.read(0, 512);
    if (sector[510] === 0x55 && sector[511] === 0xaa) subformat = /FAT1[26]|FAT32/.test(String.fromCharCode(...sector.subarray(54, 90))) ? 'fat' : 'mbr';
  }
  // With no magic anything reads as raw; a disk is whole sectors, so other sizes are a wrong file.
  const diagnostics: Diagnostic[] = [];
  if (!iso && (src.size === 0 || src.size % 512 !== 0)) {
    diagnostics.push(diag('format/raw-not-a-disk', 'warning', 'no image format was recognised, and a raw disk would be a whole number of 512-byte sectors', {
      expected: 'a size that is a non-zero multiple of 512 bytes',
      found: `${src.size} bytes`,
      origin: { file, offset: 0 },
    }));
  }
  return {
    value: { format: iso ? 'iso' : 'raw', subformat, virtualSize: src.size, identity: undefined, parent: undefined, dirty: false, extra: {} },
    diagnostics,
  };
}
