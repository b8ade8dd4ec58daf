// A small NTFS reader over the same struct tables, so tests can re-read what the writer laid
// down without a native tool: boot sector, FILE records (fixups checked), attributes, run
// lists, and $I30 index nodes walked as the B-tree they are.
import { FormatError } from '../../diagnostics/errors.js';
import { AttrType, EntryFlag, MFT_RECORD_SIZE } from './constants.js';
import { decodeBootSector } from './boot-sector.js';
import { decodeFileName } from './file-name.js';
import { removeFixups } from './fixup.js';
import { decodeRuns, type Run } from './runlist.js';
import { ATTR_HEADER, COMPRESSED_SIZE, FILE_RECORD, INDEX_ENTRY, INDEX_HEADER, INDEX_ROOT, INDX_BLOCK, NON_RESIDENT, RESIDENT } from './structs.js';

export type ReadAt = (offset: number, length: number) => Uint8Array;

export interface ParsedAttr {
  readonly type: number;
  readonly name: string;
  readonly flags: number;
  readonly offset: number;
  readonly length: number;
  /** resident value */
  readonly value?: Uint8Array;
  readonly runs?: readonly Run[];
  readonly dataSize: number;
  readonly allocatedSize?: number;
  readonly initializedSize?: number;
  readonly compressedSize?: number;
  readonly compressionUnit?: number;
}

export interface ParsedRecord {
  readonly header: ReturnType<typeof FILE_RECORD.decode>;
  readonly attrs: readonly ParsedAttr[];
  /** the record after fixups */
  readonly bytes: Uint8Array;
}

export interface IndexEntry {
  readonly fileRef: bigint;
  readonly flags: number;
  readonly name: string;
  readonly fn?: ReturnType<typeof decodeFileName>;
  readonly child?: number;
}

/** Errors name the structure, field and offset (offsets relative to the record or block). */
const bad = (structure: string, field: string, offset: number, expected: string, actual: string): FormatError =>
  new FormatError({ format: 'ntfs', structure, field, offset, expected, actual });

const name16 = (b: Uint8Array, at: number, n: number): string => {
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let s = '';
  for (let i = 0; i < n; i++) s += String.fromCharCode(v.getUint16(at + 2 * i, true));
  return s;
};

/** Parses one record; throws on a bad magic or torn fixup. */
export function parseRecord(raw: Uint8Array): ParsedRecord {
  const h0 = FILE_RECORD.decode(raw);
  if (h0.magic !== 'FILE') throw bad('ntfs.file', 'magic', 0, '"FILE"', JSON.stringify(h0.magic));
  const b = removeFixups(raw, h0.usaOffset, h0.usaCount);
  if (!b) throw bad('ntfs.file', 'usa', h0.usaOffset, 'the update sequence number at every stride end', `a torn stride in record ${h0.recordNumber}`);
  const attrs: ParsedAttr[] = [];
  for (let p = h0.attrsOffset; p + 4 <= b.length; ) {
    const a = ATTR_HEADER.decode(b, p);
    if (a.type === AttrType.end) break;
    if (a.length < 16 || p + a.length > h0.bytesInUse) throw bad('ntfs.attr', 'length', p, `16 … ${h0.bytesInUse - p}`, `${a.length} (record ${h0.recordNumber})`);
    const name = name16(b, p + a.nameOffset, a.nameLength);
    const base = { type: a.type, name, flags: a.flags, offset: p, length: a.length };
    if (a.nonResident === 0) {
      const r = RESIDENT.decode(b, p);
      attrs.push({ ...base, value: b.slice(p + r.valueOffset, p + r.valueOffset + r.valueLength), dataSize: r.valueLength });
    } else {
      const n = NON_RESIDENT.decode(b, p);
      const compressed = a.flags & 0x8001 ? Number(COMPRESSED_SIZE.decode(b, p + NON_RESIDENT.size).compressedSize) : undefined;
      attrs.push({
        ...base, runs: decodeRuns(b.subarray(0, p + a.length), p + n.mappingPairsOffset), dataSize: Number(n.dataSize),
        allocatedSize: Number(n.allocatedSize), initializedSize: Number(n.initializedSize), compressionUnit: n.compressionUnit,
        ...(compressed !== undefined ? { compressedSize: compressed } : {}),
      });
    }
    p += a.length;
  }
  return { header: FILE_RECORD.decode(b), attrs, bytes: b };
}

export class NtfsReader {
  readonly boot: ReturnType<typeof decodeBootSector>;
  readonly clusterSize: number;
  private readonly mftRuns: readonly Run[];

  constructor(private readonly read: ReadAt) {
    this.boot = decodeBootSector(read(0, 512));
    this.clusterSize = this.boot.bytesPerSector * this.boot.sectorsPerCluster;
    const r0 = parseRecord(read(Number(this.boot.mftLcn) * this.clusterSize, MFT_RECORD_SIZE));
    this.mftRuns = r0.attrs.find((a) => a.type === AttrType.data && a.name === '')?.runs ?? [];
  }

  /** Bytes [offset, offset+length) of a non-resident stream (holes read as zeros). */
  readRuns(runs: readonly Run[], offset: number, length: number): Uint8Array {
    const out = new Uint8Array(length);
    let vcnStart = 0;
    for (const r of runs) {
      const start = vcnStart * this.clusterSize;
      const end = start + r.length * this.clusterSize;
      const from = Math.max(start, offset);
      const to = Math.min(end, offset + length);
      if (from < to && r.lcn !== undefined) out.set(this.read(r.lcn * this.clusterSize + (from - start), to - from), from - offset);
      vcnStart += r.length;
    }
    return out;
  }

  record(n: number): ParsedRecord {
    return parseRecord(this.readRuns(this.mftRuns, n * MFT_RECORD_SIZE, MFT_RECORD_SIZE));
  }

  /** The whole content of a (small) attribute. */
  attrData(a: ParsedAttr): Uint8Array {
    return a.value ?? this.readRuns(a.runs ?? [], 0, a.dataSize);
  }

  /** Index nodes of a $I30 index: the root first (key 'root'), then INDX blocks by VCN. */
  indexNodes(rec: ParsedRecord): Map<'root' | number, IndexEntry[]> {
    const nodes = new Map<'root' | number, IndexEntry[]>();
    const root = rec.attrs.find((a) => a.type === AttrType.indexRoot && a.name === '$I30');
    if (!root?.value) return nodes;
    nodes.set('root', parseEntries(root.value, INDEX_ROOT.size));
    const alloc = rec.attrs.find((a) => a.type === AttrType.indexAllocation && a.name === '$I30');
    if (!alloc) return nodes;
    const blockSize = INDEX_ROOT.decode(root.value).blockSize;
    const data = this.attrData(alloc);
    const vcnUnit = this.clusterSize <= blockSize ? this.clusterSize : 512;
    for (let off = 0; off + blockSize <= data.length; off += blockSize) {
      const raw = data.subarray(off, off + blockSize);
      const h = INDX_BLOCK.decode(raw);
      if (h.magic !== 'INDX') throw bad('ntfs.indx', 'magic', off, '"INDX"', JSON.stringify(h.magic));
      const b = removeFixups(raw, h.usaOffset, h.usaCount);
      if (!b) throw bad('ntfs.indx', 'usa', off + h.usaOffset, 'the update sequence number at every stride end', 'a torn stride');
      if (Number(h.vcn) * vcnUnit !== off) throw bad('ntfs.indx', 'vcn', off + INDX_BLOCK.offsetOf('vcn'), `${off / vcnUnit} (its position)`, `${h.vcn}`);
      nodes.set(Number(h.vcn), parseEntries(b, INDX_BLOCK.size));
    }
    return nodes;
  }

  /** Entries of a directory in B-tree (in-order) order, and the depth of every leaf. */
  walkIndex(rec: ParsedRecord): { entries: IndexEntry[]; leafDepths: Set<number> } {
    const nodes = this.indexNodes(rec);
    const entries: IndexEntry[] = [];
    const leafDepths = new Set<number>();
    const visit = (key: 'root' | number, depth: number): void => {
      const node = nodes.get(key);
      if (!node) throw bad('ntfs.indexentry', 'child', 0, 'a child VCN with an INDX block', `VCN ${key}`);
      if (!node.some((e) => e.child !== undefined)) leafDepths.add(depth);
      for (const e of node) {
        if (e.child !== undefined) visit(e.child, depth + 1);
        if (!(e.flags & EntryFlag.last)) entries.push(e);
      }
    };
    visit('root', 0);
    return { entries, leafDepths };
  }
}

/** Entries of the index header at `at`. */
function parseEntries(b: Uint8Array, at: number): IndexEntry[] {
  const h = INDEX_HEADER.decode(b, at);
  const out: IndexEntry[] = [];
  for (let p = at + h.entriesOffset; p < at + h.indexLength; ) {
    const e = INDEX_ENTRY.decode(b, p);
    const child = e.flags & EntryFlag.subnode ? Number(new DataView(b.buffer, b.byteOffset).getBigUint64(p + e.length - 8, true)) : undefined;
    const fn = e.keyLength > 0 ? decodeFileName(b, p + INDEX_ENTRY.size) : undefined;
    out.push({ fileRef: e.fileRef, flags: e.flags, name: fn?.name ?? '', ...(fn ? { fn } : {}), ...(child !== undefined ? { child } : {}) });
    if (e.flags & EntryFlag.last) break;
    p += e.length;
  }
  return out;
}
