// Declarative binary structures: one table of (offset, codec) drives decode, encode and dump,
// so reading and writing can never describe a layout twice (code-style.md §6.4).
import { FormatError, InternalError } from '../diagnostics/errors.js';
import { CodecMismatch, type Codec } from './codecs.js';

export interface Field<T> {
  readonly offset: number;
  readonly codec: Codec<T>;
}

export const at = <T>(offset: number, codec: Codec<T>): Field<T> => ({ offset, codec });

type Fields = Record<string, Field<unknown>>;
type ValueOf<F> = F extends Field<infer T> ? T : never;
type ReservedKeys<F extends Fields> = { [K in keyof F]: ValueOf<F[K]> extends undefined ? K : never }[keyof F];

/** The decoded value of a struct: every field but reserved ones. */
export type Infer<S> = S extends Struct<infer F> ? StructValue<F> : never;
export type StructValue<F extends Fields> = { -readonly [K in Exclude<keyof F, ReservedKeys<F>>]: ValueOf<F[K]> };

export interface DecodeContext {
  /** format name for errors, e.g. 'vhd' */
  readonly format?: string;
  /** absolute offset of the structure in its file, so errors give file offsets */
  readonly base?: number;
}

export interface Struct<F extends Fields> {
  readonly name: string;
  readonly size: number;
  readonly fields: F;
  decode(bytes: Uint8Array, at?: number, ctx?: DecodeContext): StructValue<F>;
  /** Encodes into a fresh zeroed buffer of `size` bytes. */
  encode(value: Partial<StructValue<F>>): Uint8Array;
  /** Encodes into `target` at `at`; fields not given keep their codec's fill (zeros). */
  encodeInto(target: Uint8Array, at: number, value: Partial<StructValue<F>>): void;
  offsetOf(field: keyof F & string): number;
  /** field-by-field text, for golden dumps and `--json` inspection */
  dump(bytes: Uint8Array, at?: number): string;
}

export function struct<F extends Fields>(name: string, size: number, fields: F): Struct<F> {
  checkLayout(name, size, fields);
  const entries = Object.entries(fields);
  const view = (b: Uint8Array): DataView => new DataView(b.buffer, b.byteOffset, b.byteLength);

  const decode = (bytes: Uint8Array, offset = 0, ctx: DecodeContext = {}): StructValue<F> => {
    const base = (ctx.base ?? 0) + offset;
    if (bytes.byteLength < offset + size) {
      throw new FormatError({
        format: ctx.format ?? name.split('.')[0] ?? name,
        structure: name,
        field: '(whole)',
        offset: base,
        expected: `${size} bytes`,
        actual: `${Math.max(0, bytes.byteLength - offset)} bytes`,
      });
    }
    const v = view(bytes);
    const out: Record<string, unknown> = {};
    for (const [key, field] of entries) {
      try {
        const value = field.codec.decode(v, offset + field.offset);
        if (value !== undefined) out[key] = value;
      } catch (e) {
        if (!(e instanceof CodecMismatch)) throw e;
        throw new FormatError({
          format: ctx.format ?? name.split('.')[0] ?? name,
          structure: name,
          field: key,
          offset: base + field.offset,
          expected: e.expected,
          actual: e.actual,
        });
      }
    }
    return out as StructValue<F>;
  };

  const encodeInto = (target: Uint8Array, offset: number, value: Partial<StructValue<F>>): void => {
    const v = view(target);
    const given = value as Record<string, unknown>;
    for (const [key, field] of entries) {
      const x = key in given ? given[key] : field.codec.fill;
      if (x === undefined && field.codec.fill !== undefined) {
        throw new InternalError(`${name}.${key}: no value to encode`);
      }
      try {
        (field.codec as Codec<unknown>).encode(v, offset + field.offset, x);
      } catch (e) {
        if (e instanceof CodecMismatch) throw new InternalError(`${name}.${key}: ${e.message}`);
        throw e;
      }
    }
  };

  return {
    name,
    size,
    fields,
    decode,
    encodeInto,
    encode: (value) => {
      const out = new Uint8Array(size);
      encodeInto(out, 0, value);
      return out;
    },
    offsetOf: (field) => {
      const f = fields[field];
      if (!f) throw new InternalError(`${name} has no field ${field}`);
      return f.offset;
    },
    dump: (bytes, offset = 0) => dumpStruct(name, entries, decode(bytes, offset)),
  };
}

function dumpStruct(name: string, entries: [string, Field<unknown>][], value: Record<string, unknown>): string {
  const lines = [`${name}:`];
  for (const [key, field] of entries) {
    if (!(key in value)) continue;
    lines.push(`  ${key} @${field.offset} ${field.codec.kind} = ${show(value[key])}`);
  }
  return lines.join('\n');
}

function show(x: unknown): string {
  if (x instanceof Uint8Array) {
    const head = Array.from(x.subarray(0, 32), (b) => b.toString(16).padStart(2, '0')).join('');
    return x.length > 32 ? `${head}… (${x.length} bytes)` : head;
  }
  if (typeof x === 'bigint') return `${x}n`;
  if (typeof x === 'number') return `${x} (0x${x.toString(16)})`;
  return JSON.stringify(x);
}

/** Module-load check: fields sorted, inside the struct, never overlapping. */
function checkLayout(name: string, size: number, fields: Fields): void {
  const spans = Object.entries(fields)
    .map(([k, f]) => ({ k, start: f.offset, end: f.offset + f.codec.size }))
    .sort((a, b) => a.start - b.start);
  let end = 0;
  let prev = '';
  for (const s of spans) {
    if (s.start < end) throw new InternalError(`${name}: field ${s.k} overlaps ${prev}`);
    if (s.end > size) throw new InternalError(`${name}: field ${s.k} ends at ${s.end}, past size ${size}`);
    end = s.end;
    prev = s.k;
  }
}
