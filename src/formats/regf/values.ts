// Value data encodings of the registry types BCD uses (REG_SZ, REG_MULTI_SZ, REG_DWORD, REG_BINARY).

const utf16 = (s: string): Uint8Array => {
  const out = new Uint8Array(s.length * 2);
  const view = new DataView(out.buffer);
  for (let i = 0; i < s.length; i++) view.setUint16(i * 2, s.charCodeAt(i), true);
  return out;
};

/** REG_SZ: UTF-16LE with a terminating NUL. */
export const encodeSz = (s: string): Uint8Array => utf16(`${s}\0`);

/** REG_MULTI_SZ: each string NUL-terminated, then an empty string. */
export const encodeMultiSz = (items: readonly string[]): Uint8Array => utf16(`${items.map((s) => `${s}\0`).join('')}\0`);

export function encodeDword(n: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, n >>> 0, true);
  return out;
}

function units(data: Uint8Array): string {
  const codes: number[] = [];
  for (let i = 0; i + 1 < data.length; i += 2) codes.push((data[i] ?? 0) | ((data[i + 1] ?? 0) << 8));
  let s = '';
  // chunked to stay below the argument-count limit of fromCharCode on large values
  for (let i = 0; i < codes.length; i += 4096) s += String.fromCharCode(...codes.slice(i, i + 4096));
  return s;
}

/** REG_SZ data back to text (up to the first NUL; tolerant of a missing terminator). */
export function decodeSz(data: Uint8Array): string {
  const s = units(data);
  const nul = s.indexOf('\0');
  return nul < 0 ? s : s.slice(0, nul);
}

/** REG_MULTI_SZ data back to its strings (stops at the empty string). */
export function decodeMultiSz(data: Uint8Array): string[] {
  const out: string[] = [];
  for (const s of units(data).split('\0')) {
    if (s === '') break;
    out.push(s);
  }
  return out;
}

export function decodeDword(data: Uint8Array): number | undefined {
  if (data.length !== 4) return undefined;
  return new DataView(data.buffer, data.byteOffset, 4).getUint32(0, true);
}
