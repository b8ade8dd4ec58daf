// Element values ↔ registry values, by element format (reference/boot-media.md §6.1; ReactOS
// BiConvertRegistryDataToElement): device/integer/boolean/integer list are REG_BINARY, string and
// object REG_SZ, object list REG_MULTI_SZ. Integers are 8 bytes LE, booleans 1 byte.
import { diag, type Result } from '../../diagnostics/diagnostic.js';
import { InternalError } from '../../diagnostics/errors.js';
import { decodeMultiSz, decodeSz, encodeMultiSz, encodeSz, RegType, type HiveValue } from '../regf/index.js';
import { decodeDevice } from './device-decode.js';
import { encodeDevice } from './device-encode.js';
import { elementFormat } from './ids.js';
import type { BcdValue } from './types.js';

const FORMATS = ['', 'device', 'string', 'object', 'objectList', 'integer', 'boolean', 'integerList'] as const;

function u64s(values: readonly bigint[]): Uint8Array {
  const out = new Uint8Array(8 * values.length);
  const view = new DataView(out.buffer);
  values.forEach((v, i) => view.setBigUint64(8 * i, BigInt.asUintN(64, v), true));
  return out;
}

export function encodeElement(type: number, value: BcdValue): HiveValue {
  if (FORMATS[elementFormat(type)] !== value.format) {
    throw new InternalError(`bcd element 0x${type.toString(16)} has format ${elementFormat(type)}, given a ${value.format}`);
  }
  const v = (t: number, data: Uint8Array): HiveValue => ({ name: 'Element', type: t, data });
  switch (value.format) {
    case 'device': return v(RegType.binary, encodeDevice(value.device));
    case 'string':
    case 'object': return v(RegType.sz, encodeSz(value.value));
    case 'objectList': return v(RegType.multiSz, encodeMultiSz(value.value));
    case 'integer': return v(RegType.binary, u64s([value.value]));
    case 'boolean': return v(RegType.binary, Uint8Array.of(value.value ? 1 : 0));
    case 'integerList': return v(RegType.binary, u64s(value.value));
  }
}

/** Reads an element value; `where` names the element for findings. */
export function decodeElement(type: number, value: HiveValue, where: { file: string; field: string }): Result<BcdValue | undefined> {
  const format = FORMATS[elementFormat(type)];
  const bad = (expected: string): Result<undefined> => ({
    value: undefined,
    diagnostics: [diag('bcd/element', 'error', `element ${where.field} does not hold a ${format ?? 'known'} value`, {
      expected, found: `registry type ${value.type}, ${value.data.length} bytes`, origin: where,
    })],
  });
  const d = value.data;
  const view = new DataView(d.buffer, d.byteOffset, d.byteLength);
  switch (format) {
    case 'device': {
      const r = decodeDevice(d, where);
      return { value: r.value && { format, device: r.value }, diagnostics: r.diagnostics };
    }
    case 'string':
    case 'object':
      return value.type === RegType.sz ? { value: { format, value: decodeSz(d) }, diagnostics: [] } : bad('REG_SZ');
    case 'objectList':
      return value.type === RegType.multiSz ? { value: { format, value: decodeMultiSz(d) }, diagnostics: [] } : bad('REG_MULTI_SZ');
    case 'integer':
      return d.length === 8 ? { value: { format, value: view.getBigUint64(0, true) }, diagnostics: [] } : bad('8 bytes');
    case 'boolean':
      return d.length === 1 ? { value: { format, value: d[0] !== 0 }, diagnostics: [] } : bad('1 byte');
    case 'integerList': {
      if (d.length % 8 !== 0) return bad('a multiple of 8 bytes');
      const list = Array.from({ length: d.length / 8 }, (_, i) => view.getBigUint64(8 * i, true));
      return { value: { format, value: list }, diagnostics: [] };
    }
    default:
      return bad('a known element format (1..7)');
  }
}
