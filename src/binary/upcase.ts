// A 65536-entry UTF-16 up-case table derived from the runtime's Unicode case mapping, for file
// systems that store one (NTFS $UpCase, exFAT's up-case table). Each format passes the code
// points whose case pair its reference table predates; the tests compare the result with the
// table the native mkfs writes, so a runtime with different Unicode data fails loudly.

/** An inclusive range of code units. */
export type UnitRange = readonly [first: number, last: number];

export interface UpcaseOptions {
  /** lower-case units left mapping to themselves (case pairs added after the format's table) */
  readonly identity?: readonly UnitRange[];
  /** explicit [unit, upper] pairs applied last (tables with non-Unicode entries, e.g. exFAT's U+023A → U+2C65) */
  readonly overrides?: readonly (readonly [unit: number, upper: number])[];
}

const single = (c: number, f: (s: string) => string): number => {
  if (c >= 0xd800 && c <= 0xdfff) return c;
  const s = f(String.fromCharCode(c));
  return s.length === 1 ? s.charCodeAt(0) : c;
};
const TITLECASE = /^\p{Lt}$/u;

/**
 * Simple (one unit to one unit) upper-case mapping of every BMP unit. Two rules make it the
 * *simple* mapping of UnicodeData.txt rather than JS's full mapping:
 *  - a unit whose full upper case has several units (U+1F80 → "ἈΙ") takes the titlecase letter
 *    that lower-cases to it (U+1F88), which is its simple upper case;
 *  - a mapping that does not round-trip (lower(upper(c)) ≠ c: U+00B5 µ → Μ, U+0131 ı → I,
 *    U+01C5 ǅ → Ǆ) is dropped, so the table never merges two distinct lower-case letters.
 */
export function buildUpcaseTable(options: UpcaseOptions = {}): Uint16Array {
  const upper = (c: number): number => single(c, (s) => s.toUpperCase());
  const lower = (c: number): number => single(c, (s) => s.toLowerCase());
  const fromTitle = new Map<number, number>();
  for (let u = 0; u < 0x10000; u++) {
    if (u < 0xd800 || u > 0xdfff) {
      if (TITLECASE.test(String.fromCharCode(u)) && lower(u) !== u) fromTitle.set(lower(u), u);
    }
  }
  const table = new Uint16Array(0x10000);
  for (let c = 0; c < 0x10000; c++) {
    let u = upper(c);
    if (u === c) u = fromTitle.get(c) ?? c;
    if (u !== c && lower(u) !== c) u = c;
    table[c] = u;
  }
  for (const [first, last] of options.identity ?? []) for (let c = first; c <= last; c++) table[c] = c;
  for (const [c, u] of options.overrides ?? []) table[c] = u;
  return table;
}

/** The table as little-endian bytes, as both NTFS and exFAT store it. */
export function upcaseBytes(table: Uint16Array): Uint8Array {
  const out = new Uint8Array(table.length * 2);
  const v = new DataView(out.buffer);
  table.forEach((u, i) => v.setUint16(i * 2, u, true));
  return out;
}
