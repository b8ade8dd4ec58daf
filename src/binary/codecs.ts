// Field codecs for struct tables. Every multi-byte codec names its byte order, because bootgen
// reads little-endian (FAT, MBR/GPT, VMDK, VDI, regf), big-endian (VHD, qcow2) and both-endian
// (ISO9660 §7.2.3/§7.3.3) structures side by side.

/** Thrown by a codec; struct() turns it into a FormatError naming the field and offset. */
export class CodecMismatch extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`expected ${expected}, found ${actual}`);
  }
}

export interface Codec<T> {
  readonly size: number;
  /** short name shown in dumps and errors, e.g. 'u32be' */
  readonly kind: string;
  decode(view: DataView, offset: number): T;
  encode(view: DataView, offset: number, value: T): void;
  /** value used when encode() is not given the field (reserved space, padding) */
  readonly fill?: T;
}

const int = <T>(kind: string, size: number, decode: Codec<T>['decode'], encode: Codec<T>['encode']): Codec<T> => ({
  kind,
  size,
  decode,
  encode,
});

export const u8 = int<number>('u8', 1, (v, o) => v.getUint8(o), (v, o, x) => v.setUint8(o, x));
export const u16le = int<number>('u16le', 2, (v, o) => v.getUint16(o, true), (v, o, x) => v.setUint16(o, x, true));
export const u16be = int<number>('u16be', 2, (v, o) => v.getUint16(o, false), (v, o, x) => v.setUint16(o, x, false));
export const u32le = int<number>('u32le', 4, (v, o) => v.getUint32(o, true), (v, o, x) => v.setUint32(o, x, true));
export const u32be = int<number>('u32be', 4, (v, o) => v.getUint32(o, false), (v, o, x) => v.setUint32(o, x, false));
export const i32le = int<number>('i32le', 4, (v, o) => v.getInt32(o, true), (v, o, x) => v.setInt32(o, x, true));
export const u64le = int<bigint>('u64le', 8, (v, o) => v.getBigUint64(o, true), (v, o, x) => v.setBigUint64(o, x, true));
export const u64be = int<bigint>('u64be', 8, (v, o) => v.getBigUint64(o, false), (v, o, x) => v.setBigUint64(o, x, false));

/** ISO9660 §7.2.3: 16-bit both-byte-order; decode insists both halves agree. */
export const u16both = int<number>(
  'u16both',
  4,
  (v, o) => {
    const le = v.getUint16(o, true);
    const be = v.getUint16(o + 2, false);
    if (le !== be) throw new CodecMismatch(`both halves equal (LE ${le})`, `BE ${be}`);
    return le;
  },
  (v, o, x) => {
    v.setUint16(o, x, true);
    v.setUint16(o + 2, x, false);
  },
);

/** ISO9660 §7.3.3: 32-bit both-byte-order; decode insists both halves agree. */
export const u32both = int<number>(
  'u32both',
  8,
  (v, o) => {
    const le = v.getUint32(o, true);
    const be = v.getUint32(o + 4, false);
    if (le !== be) throw new CodecMismatch(`both halves equal (LE ${le})`, `BE ${be}`);
    return le;
  },
  (v, o, x) => {
    v.setUint32(o, x, true);
    v.setUint32(o + 4, x, false);
  },
);

const bytesOf = (v: DataView, o: number, n: number): Uint8Array =>
  new Uint8Array(v.buffer, v.byteOffset + o, n).slice();

/** Raw bytes, copied out on decode; encode pads with `pad` or truncates to n. */
export function bytes(n: number): Codec<Uint8Array> {
  return {
    kind: `bytes(${n})`,
    size: n,
    fill: new Uint8Array(n),
    decode: (v, o) => bytesOf(v, o, n),
    encode: (v, o, x) => {
      for (let i = 0; i < n; i++) v.setUint8(o + i, x[i] ?? 0);
    },
  };
}

/** Reserved space: decodes to nothing, encodes as zeros. */
export function zeros(n: number): Codec<undefined> {
  return {
    kind: `zeros(${n})`,
    size: n,
    fill: undefined,
    decode: () => undefined,
    encode: (v, o) => {
      for (let i = 0; i < n; i++) v.setUint8(o + i, 0);
    },
  };
}

/** Fixed-width 8-bit text. Decode stops at the first NUL; encode pads with `pad` (NUL or space). */
export function ascii(n: number, pad = 0): Codec<string> {
  return {
    kind: `ascii(${n})`,
    size: n,
    fill: '',
    decode: (v, o) => {
      let s = '';
      for (let i = 0; i < n; i++) {
        const c = v.getUint8(o + i);
        if (c === 0) break;
        s += String.fromCharCode(c);
      }
      return pad === 0x20 ? s.replace(/ +$/, '') : s;
    },
    encode: (v, o, x) => {
      if (x.length > n) throw new CodecMismatch(`at most ${n} characters`, `${x.length}`);
      for (let i = 0; i < n; i++) v.setUint8(o + i, i < x.length ? x.charCodeAt(i) & 0xff : pad);
    },
  };
}

/** Fixed-width UTF-16 text (n bytes). Decode stops at the first NUL code unit. */
export function utf16(n: number, littleEndian: boolean): Codec<string> {
  return {
    kind: `utf16${littleEndian ? 'le' : 'be'}(${n})`,
    size: n,
    fill: '',
    decode: (v, o) => {
      const units: number[] = [];
      for (let i = 0; i + 1 < n; i += 2) {
        const u = v.getUint16(o + i, littleEndian);
        if (u === 0) break;
        units.push(u);
      }
      return String.fromCharCode(...units);
    },
    encode: (v, o, x) => {
      if (x.length * 2 > n) throw new CodecMismatch(`at most ${n / 2} UTF-16 units`, `${x.length}`);
      for (let i = 0; i + 1 < n; i += 2) v.setUint16(o + i, i / 2 < x.length ? x.charCodeAt(i / 2) : 0, littleEndian);
    },
  };
}
export const utf16le = (n: number): Codec<string> => utf16(n, true);
export const utf16be = (n: number): Codec<string> => utf16(n, false);

const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

/** RFC 4122 UUID stored big-endian (VHD, VDI is not: see guid). Value is lower-case 8-4-4-4-12. */
export const uuid: Codec<string> = {
  kind: 'uuid',
  size: 16,
  fill: '00000000-0000-0000-0000-000000000000',
  decode: (v, o) => formatUuid(bytesOf(v, o, 16)),
  encode: (v, o, x) => bytes(16).encode(v, o, parseUuid(x)),
};

/** Microsoft GUID: first three groups little-endian (GPT, VHDX, VDI, BCD). */
export const guid: Codec<string> = {
  kind: 'guid',
  size: 16,
  fill: '00000000-0000-0000-0000-000000000000',
  decode: (v, o) => formatUuid(swapGuid(bytesOf(v, o, 16))),
  encode: (v, o, x) => bytes(16).encode(v, o, swapGuid(parseUuid(x))),
};

export function formatUuid(b: Uint8Array): string {
  const h = hex(b);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

export function parseUuid(s: string): Uint8Array {
  const h = s.replace(/[{}-]/g, '');
  if (!/^[0-9a-fA-F]{32}$/.test(h)) throw new CodecMismatch('a UUID like 01234567-89ab-cdef-0123-456789abcdef', s);
  return Uint8Array.from({ length: 16 }, (_, i) => parseInt(h.slice(i * 2, i * 2 + 2), 16));
}

/** Converts between RFC 4122 byte order and Microsoft's mixed-endian GUID layout. */
export function swapGuid(b: Uint8Array): Uint8Array {
  const order = [3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15];
  return Uint8Array.from(order, (i) => b[i] ?? 0);
}
