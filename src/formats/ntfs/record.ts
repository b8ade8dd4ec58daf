// FILE records (ntfs-exfat.md §1.4): header, attributes sorted by type (unnamed first within a
// type), the END marker, zeros after it (§1.15 item 7), and fixups over both 512-byte strides.
import { AttrType, FIXUP_STRIDE, MFT_RECORD_SIZE, USN, align8 } from './constants.js';
import { applyFixups } from './fixup.js';
import { ATTR_HEADER, FILE_RECORD } from './structs.js';
import { InternalError } from '../../diagnostics/errors.js';
import type { Attr } from './attribute.js';

export interface RecordSpec {
  readonly number: number;
  readonly sequence: number;
  readonly flags: number;
  readonly linkCount: number;
  readonly attrs: readonly Attr[];
}

const USA_COUNT = 1 + MFT_RECORD_SIZE / FIXUP_STRIDE;
export const ATTRS_OFFSET = align8(FILE_RECORD.size + 2 * USA_COUNT);
const END_BYTES = 8;

/** Bytes in use for these attributes (header, attributes, END marker). */
export function recordBytesInUse(attrs: readonly { readonly bytes: Uint8Array }[]): number {
  return ATTRS_OFFSET + attrs.reduce((n, a) => n + a.bytes.length, 0) + END_BYTES;
}

/** Sort key of §1.4: type ascending, then the unnamed attribute, then by name. */
export function attrOrder(a: Attr, b: Attr): number {
  if (a.type !== b.type) return a.type - b.type;
  if (a.name === b.name) return 0;
  if (a.name === '') return -1;
  if (b.name === '') return 1;
  return a.name < b.name ? -1 : 1;
}

/** Encodes a record with fixups applied; undefined when the attributes overflow it. */
export function encodeRecord(spec: RecordSpec): Uint8Array | undefined {
  const attrs = [...spec.attrs].sort(attrOrder);
  const inUse = recordBytesInUse(attrs);
  if (inUse > MFT_RECORD_SIZE) return undefined;
  const b = new Uint8Array(MFT_RECORD_SIZE);
  let p = ATTRS_OFFSET;
  attrs.forEach((a, i) => {
    b.set(a.bytes, p);
    new DataView(b.buffer).setUint16(p + ATTR_HEADER.offsetOf('instance'), i, true);
    p += a.bytes.length;
  });
  new DataView(b.buffer).setUint32(p, AttrType.end, true);
  FILE_RECORD.encodeInto(b, 0, {
    magic: 'FILE', usaOffset: FILE_RECORD.size, usaCount: USA_COUNT, lsn: 0n,
    sequence: spec.sequence, linkCount: spec.linkCount, attrsOffset: ATTRS_OFFSET, flags: spec.flags,
    bytesInUse: inUse, bytesAllocated: MFT_RECORD_SIZE, baseRecord: 0n, nextInstance: attrs.length,
    recordNumber: spec.number,
  });
  applyFixups(b, FILE_RECORD.size, USA_COUNT, USN);
  return b;
}

/** §1.4: an unused record as ntfs-3g formats it (flags 0, no attributes). */
export function encodeFreeRecord(number: number, sequence: number): Uint8Array {
  const r = encodeRecord({ number, sequence, flags: 0, linkCount: 0, attrs: [] });
  if (!r) throw new InternalError('an empty NTFS record always fits');
  return r;
}

export { USA_COUNT as RECORD_USA_COUNT };
