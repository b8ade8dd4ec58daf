// Writes a registry hive (regf) from a key tree: base block, hbins, nk/vk/lh/ri/sk/db cells
// (reference/boot-media.md §6.4). Deterministic: one timestamp everywhere, subkeys sorted by name,
// cells in depth-first order, so the same tree always gives the same bytes.
import { regfChecksum, CHECKSUM_OFFSET } from './checksum.js';
import { layoutHive, type PlacedKey, type PlacedValue } from './hive-layout.js';
import { lhHash } from './names.js';
import { defaultSecurityDescriptor } from './security-descriptor.js';
import {
  BaseBlock, BigData, DATA_INLINE, HBIN_START, HbinHeader, KEY_COMP_NAME, KEY_HIVE_ENTRY, KEY_NO_DELETE,
  KeyNode, ListHeader, MAX_LH_ENTRIES, MAX_SMALL_DATA, NO_CELL, SecurityKey, VALUE_COMP_NAME, ValueKey,
} from './structs.js';
import type { HiveKey, HiveWriteOptions } from './types.js';

/** Cell writer over the whole file buffer; `cell` offsets are relative to the first hbin. */
class CellWriter {
  readonly view: DataView;
  constructor(readonly file: Uint8Array) {
    this.view = new DataView(file.buffer, file.byteOffset, file.byteLength);
  }
  /** Marks the cell allocated (negative size) and returns the file offset of its data. */
  open(cell: number, dataLength: number): number {
    const size = Math.ceil((dataLength + 4) / 8) * 8;
    this.view.setInt32(HBIN_START + cell, -size, true);
    return HBIN_START + cell + 4;
  }
  u32s(cell: number, values: readonly number[]): void {
    const at = this.open(cell, 4 * values.length);
    values.forEach((v, i) => this.view.setUint32(at + 4 * i, v, true));
  }
  data(cell: number, bytes: Uint8Array): void {
    this.file.set(bytes, this.open(cell, bytes.length));
  }
}

export function writeHive(root: HiveKey, options: HiveWriteOptions): Uint8Array {
  const sd = defaultSecurityDescriptor();
  const layout = layoutHive(root, SecurityKey.size + sd.length);
  const file = new Uint8Array(HBIN_START + layout.allocator.totalSize);
  const w = new CellWriter(file);
  writeBins(w, layout.allocator.bins, options.timestamp);
  const keyCount = countKeys(layout.root);
  const skAt = w.open(layout.sk, SecurityKey.size + sd.length);
  SecurityKey.encodeInto(file, skAt, {
    signature: 'sk', reserved: 0, flink: layout.sk, blink: layout.sk, refCount: keyCount, descriptorSize: sd.length,
  });
  file.set(sd, skAt + SecurityKey.size);
  writeKey(w, layout.root, layout.sk, options.timestamp, true);
  // db big-data records exist from hive version 1.4 on; plain hives stay 1.3 (what hivex writes)
  const minor = layout.bigData ? 5 : 3;
  writeBaseBlock(file, { rootCell: layout.root.nk, hiveBinsSize: layout.allocator.totalSize, minor }, options);
  return file;
}

function writeBins(w: CellWriter, bins: readonly { offset: number; size: number; used: number }[], timestamp: bigint): void {
  for (const bin of bins) {
    HbinHeader.encodeInto(w.file, HBIN_START + bin.offset, { signature: 'hbin', offset: bin.offset, size: bin.size, timestamp, spare: 0 });
    const free = bin.offset + bin.size - bin.used;
    if (free > 0) w.view.setInt32(HBIN_START + bin.used, free, true);
  }
}

const countKeys = (k: PlacedKey): number => 1 + k.children.reduce((n, c) => n + countKeys(c), 0);
const maxOf = (xs: readonly number[]): number => xs.reduce((m, x) => Math.max(m, x), 0);
const utf16Bytes = (name: { bytes: Uint8Array; compressed: boolean }): number => name.bytes.length * (name.compressed ? 2 : 1);

function writeKey(w: CellWriter, k: PlacedKey, sk: number, timestamp: bigint, isRoot: boolean): void {
  const at = w.open(k.nk, KeyNode.size + k.name.bytes.length);
  KeyNode.encodeInto(w.file, at, {
    signature: 'nk',
    flags: (k.name.compressed ? KEY_COMP_NAME : 0) | (isRoot ? KEY_HIVE_ENTRY | KEY_NO_DELETE : 0),
    timestamp, access: 0, parent: isRoot ? NO_CELL : k.parent,
    subkeyCount: k.children.length, volatileSubkeyCount: 0,
    subkeyList: k.list?.cell ?? NO_CELL, volatileSubkeyList: NO_CELL,
    valueCount: k.values.length, valueList: k.valueList ?? NO_CELL,
    security: sk, classCell: NO_CELL,
    maxSubkeyNameBytes: maxOf(k.children.map((c) => utf16Bytes(c.name))), maxClassBytes: 0,
    maxValueNameBytes: maxOf(k.values.map((v) => utf16Bytes(v.name))),
    maxValueDataBytes: maxOf(k.values.map((v) => v.value.data.length)),
    workVar: 0, nameLength: k.name.bytes.length, classLength: 0,
  });
  w.file.set(k.name.bytes, at + KeyNode.size);
  if (k.valueList !== undefined) w.u32s(k.valueList, k.values.map((v) => v.vk));
  for (const v of k.values) writeValue(w, v);
  if (k.list) writeList(w, k);
  for (const c of k.children) writeKey(w, c, sk, timestamp, false);
}

function writeList(w: CellWriter, k: PlacedKey): void {
  const list = k.list;
  if (!list) return;
  if (list.lh.length > 1) {
    const at = w.open(list.cell, 4 + 4 * list.lh.length);
    ListHeader.encodeInto(w.file, at, { signature: 'ri', count: list.lh.length });
    list.lh.forEach((lh, i) => w.view.setUint32(at + 4 + 4 * i, lh, true));
  }
  list.lh.forEach((lh, i) => {
    const slice = k.children.slice(i * MAX_LH_ENTRIES, (i + 1) * MAX_LH_ENTRIES);
    const at = w.open(lh, 4 + 8 * slice.length);
    ListHeader.encodeInto(w.file, at, { signature: 'lh', count: slice.length });
    slice.forEach((c, j) => {
      w.view.setUint32(at + 4 + 8 * j, c.nk, true);
      w.view.setUint32(at + 8 + 8 * j, lhHash(c.key.name), true);
    });
  });
}

function writeValue(w: CellWriter, v: PlacedValue): void {
  const data = v.value.data;
  const at = w.open(v.vk, ValueKey.size + v.name.bytes.length);
  const inline = new Uint8Array(4);
  inline.set(data.subarray(0, 4));
  const dataOffset = v.data.kind === 'inline' ? new DataView(inline.buffer).getUint32(0, true) : v.data.cell;
  ValueKey.encodeInto(w.file, at, {
    signature: 'vk', nameLength: v.name.bytes.length,
    dataLength: v.data.kind === 'inline' ? (data.length | DATA_INLINE) >>> 0 : data.length,
    dataOffset, type: v.value.type, flags: v.name.compressed ? VALUE_COMP_NAME : 0, spare: 0,
  });
  w.file.set(v.name.bytes, at + ValueKey.size);
  if (v.data.kind === 'cell') w.data(v.data.cell, data);
  if (v.data.kind === 'db') {
    BigData.encodeInto(w.file, w.open(v.data.cell, 8), { signature: 'db', segmentCount: v.data.segments.length, segmentList: v.data.list });
    w.u32s(v.data.list, v.data.segments);
    v.data.segments.forEach((s, i) => w.data(s, data.subarray(i * MAX_SMALL_DATA, (i + 1) * MAX_SMALL_DATA)));
  }
}

interface BaseBlockPlan {
  readonly rootCell: number;
  readonly hiveBinsSize: number;
  readonly minor: number;
}

function writeBaseBlock(file: Uint8Array, plan: BaseBlockPlan, options: HiveWriteOptions): void {
  BaseBlock.encodeInto(file, 0, {
    ...plan, signature: 'regf', primarySequence: 1, secondarySequence: 1, timestamp: options.timestamp,
    major: 1, fileType: 0, fileFormat: 1, clustering: 1,
    fileName: (options.fileName ?? '').slice(-31), checksum: 0,
  });
  new DataView(file.buffer, file.byteOffset).setUint32(CHECKSUM_OFFSET, regfChecksum(file), true);
}
