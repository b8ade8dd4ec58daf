// Attribute records (ntfs-exfat.md §1.5). The instance number is filled in by the record
// builder (record.ts), which numbers attributes in the order it lays them out.
import { AttrFlag, align8 } from './constants.js';
import { ATTR_HEADER, COMPRESSED_SIZE, NON_RESIDENT, RESIDENT } from './structs.js';
import { encodeRuns, type Run } from './runlist.js';

/** An encoded attribute plus what the record needs to sort it (§1.4: type, then name). */
export interface Attr {
  readonly type: number;
  readonly name: string;
  readonly bytes: Uint8Array;
}

const utf16 = (s: string): Uint8Array => {
  const out = new Uint8Array(s.length * 2);
  for (let i = 0; i < s.length; i++) {
    out[2 * i] = s.charCodeAt(i) & 0xff;
    out[2 * i + 1] = s.charCodeAt(i) >> 8;
  }
  return out;
};

export interface ResidentSpec {
  readonly type: number;
  readonly name?: string;
  readonly value: Uint8Array;
  /** §1.5 resident flag 0x01, set on $FILE_NAME */
  readonly indexed?: boolean;
}

/** Name right after the 0x18-byte header, value after it aligned to 8 (GRUB wants `$I30` at 0x18, §1.15). */
export function residentAttr(spec: ResidentSpec): Attr {
  const name = spec.name ?? '';
  const valueOffset = align8(RESIDENT.size + name.length * 2);
  const length = align8(valueOffset + spec.value.length);
  const b = new Uint8Array(length);
  ATTR_HEADER.encodeInto(b, 0, { type: spec.type, length, nonResident: 0, nameLength: name.length, nameOffset: RESIDENT.size, flags: 0, instance: 0 });
  RESIDENT.encodeInto(b, 0, { valueLength: spec.value.length, valueOffset, residentFlags: spec.indexed ? 1 : 0 });
  b.set(utf16(name), RESIDENT.size);
  b.set(spec.value, valueOffset);
  return { type: spec.type, name, bytes: b };
}

export interface NonResidentSpec {
  readonly type: number;
  readonly name?: string;
  readonly runs: readonly Run[];
  readonly clusterSize: number;
  readonly dataSize: number;
  /** defaults to dataSize; §1.7 $BadClus:$Bad has 0 */
  readonly initializedSize?: number;
  /** §1.6: sparse attributes carry flag 0x8000, compression unit 4 and a compressed size */
  readonly sparse?: boolean;
}

/** Clusters spanned by the runs (holes included) and clusters really allocated. */
export function runTotals(runs: readonly Run[]): { spanned: number; allocated: number } {
  let spanned = 0;
  let allocated = 0;
  for (const r of runs) {
    spanned += r.length;
    if (r.lcn !== undefined) allocated += r.length;
  }
  return { spanned, allocated };
}

export function nonResidentAttr(spec: NonResidentSpec): Attr {
  const name = spec.name ?? '';
  const header = spec.sparse ? NON_RESIDENT.size + COMPRESSED_SIZE.size : NON_RESIDENT.size;
  const pairsOffset = align8(header + name.length * 2);
  const pairs = encodeRuns(spec.runs);
  const length = align8(pairsOffset + pairs.length);
  const { spanned, allocated } = runTotals(spec.runs);
  const b = new Uint8Array(length);
  ATTR_HEADER.encodeInto(b, 0, {
    type: spec.type, length, nonResident: 1, nameLength: name.length, nameOffset: header,
    flags: spec.sparse ? AttrFlag.sparse : 0, instance: 0,
  });
  NON_RESIDENT.encodeInto(b, 0, {
    lowestVcn: 0n,
    // §1.5: the last VCN, or −1 when nothing is mapped
    highestVcn: BigInt.asUintN(64, BigInt(spanned - 1)),
    mappingPairsOffset: pairsOffset,
    compressionUnit: spec.sparse ? 4 : 0,
    allocatedSize: BigInt(spanned) * BigInt(spec.clusterSize),
    dataSize: BigInt(spec.dataSize),
    initializedSize: BigInt(spec.initializedSize ?? spec.dataSize),
  });
  if (spec.sparse) COMPRESSED_SIZE.encodeInto(b, NON_RESIDENT.size, { compressedSize: BigInt(allocated) * BigInt(spec.clusterSize) });
  b.set(utf16(name), header);
  b.set(pairs, pairsOffset);
  return { type: spec.type, name, bytes: b };
}

export { utf16 as utf16leBytes };
