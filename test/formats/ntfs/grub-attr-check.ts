// Our own re-implementation of the attribute check newer GRUB (2.12+, commit a87373ca, the
// 2024–25 security rework) applies to every attribute after the first while walking a record
// (ntfs-exfat.md §1.15 item 7). Its run-list walk advances by a running total, so it can read
// past the mapping pairs into the next attribute or the slack; an attribute it rejects ends
// GRUB's attribute walk, hiding everything after it. Debian's GRUB 2.06 lacks the check, so
// grub-fstest cannot test it: this port does.

const u16 = (b: Uint8Array, at: number): number => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const u32 = (b: Uint8Array, at: number): number => (u16(b, at) + u16(b, at + 2) * 65536) >>> 0;
const HEADER = 16;

/** 'valid', 'end' (a zero length: the walk stops normally) or 'invalid' with the sizes compared. */
export function grubValidateAttribute(rec: Uint8Array, at: number, end = rec.length): 'valid' | 'end' | string {
  const spare = end - at;
  if (at + HEADER >= end) return `header past the end (spare ${spare})`;
  const size = u16(rec, at + 4);
  if (size > spare) return `length ${size} > spare ${spare}`;
  if (size === 0) return 'end';
  let min = HEADER + 8;
  if (min > size) return `length ${size} < ${min}`;
  const byte = (i: number): number | undefined => (at + i < end ? rec[at + i] : undefined);
  if (rec[at + 8] === 0) {
    min = Math.max(min, u16(rec, at + 20) + u32(rec, at + 16));
  } else {
    min += 40;
    if (min > size) return `non-resident length ${size} < ${min}`;
    if (u16(rec, at + 34) > 0) min += 8;
    let cur = u16(rec, at + 32);
    min = Math.max(min, cur + 1);
    if (min > size) return `mapping pairs offset ${cur} past length ${size}`;
    for (;;) {
      const h = byte(cur);
      // GRUB would read beyond its buffer here; treat that as a failure
      if (h === undefined) return `run walk left the record at attribute offset ${cur}`;
      if (h === 0) break;
      min += (h & 7) + ((h >> 4) & 7);
      cur += min;
      min++;
      if (min > size) return `run walk needs ${min} bytes, length ${size}`;
    }
  }
  if (u16(rec, at + 10) !== 0) min = Math.max(min, u16(rec, at + 10) + (rec[at + 9] ?? 0) * 2);
  if (min % 8 !== 0) min += 8 - (min % 8);
  if (min > size) return `minimum ${min} > length ${size}`;
  return 'valid';
}

/** Problems GRUB's walk over one record (after fixups) would hit; [] when it sees every attribute. */
export function grubRecordProblems(rec: Uint8Array, attrsOffset: number): string[] {
  const out: string[] = [];
  let at = attrsOffset;
  while (at < rec.length && u32(rec, at) !== 0xffffffff) {
    const next = at + u16(rec, at + 4);
    if (next === at) break;
    const v = grubValidateAttribute(rec, next);
    if (v === 'end') break;
    if (v !== 'valid' && u32(rec, next) !== 0xffffffff) out.push(`attribute at ${next}: ${v}`);
    if (v !== 'valid') break;
    at = next;
  }
  return out;
}
