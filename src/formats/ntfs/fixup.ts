// Update sequence arrays (ntfs-exfat.md §1.4): the last two bytes of every 512-byte stride of a
// FILE record or INDX block are saved in the array and replaced by the update sequence number,
// so a torn multi-sector write is detectable. One wrong stride makes the whole record unreadable.
import { FIXUP_STRIDE } from './constants.js';

/** Applies fixups in place; `usaCount` = 1 + strides. */
export function applyFixups(record: Uint8Array, usaOffset: number, usaCount: number, usn: number): void {
  const v = new DataView(record.buffer, record.byteOffset, record.byteLength);
  v.setUint16(usaOffset, usn, true);
  for (let i = 1; i < usaCount; i++) {
    const end = i * FIXUP_STRIDE - 2;
    v.setUint16(usaOffset + 2 * i, v.getUint16(end, true), true);
    v.setUint16(end, usn, true);
  }
}

/** Undoes fixups in a copy; undefined when a stride does not hold the USN (a torn record). */
export function removeFixups(record: Uint8Array, usaOffset: number, usaCount: number): Uint8Array | undefined {
  const out = record.slice();
  const v = new DataView(out.buffer);
  if (usaOffset + 2 * usaCount > out.length || (usaCount - 1) * FIXUP_STRIDE > out.length) return undefined;
  const usn = v.getUint16(usaOffset, true);
  for (let i = 1; i < usaCount; i++) {
    const end = i * FIXUP_STRIDE - 2;
    if (v.getUint16(end, true) !== usn) return undefined;
    v.setUint16(end, v.getUint16(usaOffset + 2 * i, true), true);
  }
  return out;
}
