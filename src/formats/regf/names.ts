// Key and value names: stored as Latin-1 ("compressed", flag bit) when every unit fits in a byte,
// else UTF-16LE; subkey lists are sorted by the upper-cased name and hashed the way Windows does
// (hivex lib/write.c calc_hash: h = h*37 + upcase(unit)).

export interface EncodedName {
  readonly bytes: Uint8Array;
  readonly compressed: boolean;
}

export function encodeName(name: string): EncodedName {
  let compressed = true;
  for (let i = 0; i < name.length && compressed; i++) compressed = name.charCodeAt(i) < 0x100;
  if (compressed) {
    const bytes = new Uint8Array(name.length);
    for (let i = 0; i < name.length; i++) bytes[i] = name.charCodeAt(i);
    return { bytes, compressed };
  }
  const out = new Uint8Array(name.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < name.length; i++) view.setUint16(i * 2, name.charCodeAt(i), true);
  return { bytes: out, compressed };
}

export function decodeName(raw: Uint8Array, compressed: boolean): string {
  if (compressed) return String.fromCharCode(...raw);
  const units: number[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) units.push((raw[i] ?? 0) | ((raw[i + 1] ?? 0) << 8));
  return String.fromCharCode(...units);
}

/** Upper-cases one UTF-16 unit the way RtlUpcaseUnicodeChar does for single-unit mappings. */
export function upcaseUnit(unit: number): number {
  if (unit < 0x80) return unit >= 0x61 && unit <= 0x7a ? unit - 0x20 : unit;
  const up = String.fromCharCode(unit).toUpperCase();
  return up.length === 1 ? up.charCodeAt(0) : unit;
}

/** A name with every unit upper-cased (case-insensitive identity of keys and values). */
export function upcaseName(name: string): string {
  let out = '';
  for (let i = 0; i < name.length; i++) out += String.fromCharCode(upcaseUnit(name.charCodeAt(i)));
  return out;
}

/** Windows orders subkeys by comparing upper-cased UTF-16 units (CmpCompareUnicodeName). */
export function compareNames(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const d = upcaseUnit(a.charCodeAt(i)) - upcaseUnit(b.charCodeAt(i));
    if (d !== 0) return d;
  }
  return a.length - b.length;
}

/** The lh list hash of a name. */
export function lhHash(name: string): number {
  let h = 0;
  for (let i = 0; i < name.length; i++) h = (Math.imul(h, 37) + upcaseUnit(name.charCodeAt(i))) >>> 0;
  return h;
}
