// $AttrDef (ntfs-exfat.md §1.7): 15 attribute definitions of 160 bytes and a zero entry, 2560
// bytes, as mkntfs writes them (attrdef.test.ts compares with mkntfs byte for byte).
import { ATTRDEF_ENTRY } from './structs.js';

const ANY = 0xffffffffffffffffn; // −1: no maximum
/** §1.7 flags: 0x02 indexable, 0x40 must be resident, 0x80 may be non-resident */
const DEFS: readonly [label: string, type: number, flags: number, min: bigint, max: bigint][] = [
  ['$STANDARD_INFORMATION', 0x10, 0x40, 48n, 72n],
  ['$ATTRIBUTE_LIST', 0x20, 0x80, 0n, ANY],
  ['$FILE_NAME', 0x30, 0x42, 68n, 578n],
  ['$OBJECT_ID', 0x40, 0x40, 0n, 256n],
  ['$SECURITY_DESCRIPTOR', 0x50, 0x80, 0n, ANY],
  ['$VOLUME_NAME', 0x60, 0x40, 2n, 256n],
  ['$VOLUME_INFORMATION', 0x70, 0x40, 12n, 12n],
  ['$DATA', 0x80, 0x00, 0n, ANY],
  ['$INDEX_ROOT', 0x90, 0x40, 0n, ANY],
  ['$INDEX_ALLOCATION', 0xa0, 0x80, 0n, ANY],
  ['$BITMAP', 0xb0, 0x80, 0n, ANY],
  ['$REPARSE_POINT', 0xc0, 0x80, 0n, 0x4000n],
  ['$EA_INFORMATION', 0xd0, 0x40, 8n, 8n],
  ['$EA', 0xe0, 0x00, 0n, 0x10000n],
  ['$LOGGED_UTILITY_STREAM', 0x100, 0x80, 0n, 0x10000n],
];

export const ATTRDEF_BYTES = (DEFS.length + 1) * ATTRDEF_ENTRY.size;

export function encodeAttrDef(): Uint8Array {
  const out = new Uint8Array(ATTRDEF_BYTES);
  DEFS.forEach(([label, type, flags, minSize, maxSize], i) => {
    ATTRDEF_ENTRY.encodeInto(out, i * ATTRDEF_ENTRY.size, { label, type, displayRule: 0, collation: 0, flags, minSize, maxSize });
  });
  return out;
}
