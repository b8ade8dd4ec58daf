// Walks nk cells, their subkey lists (lf/lh/li/ri) and values (vk, inline/cell/db data) with every
// reference bounds-checked by CellReader; cycles, depth and key count are bounded.
import type { CellReader } from './cell-reader.js';
import { decodeName } from './names.js';
import { BigData, DATA_INLINE, KEY_COMP_NAME, KeyNode, ListHeader, MAX_SMALL_DATA, NO_CELL, VALUE_COMP_NAME, ValueKey } from './structs.js';
import type { HiveKey, HiveValue } from './types.js';

export const MAX_DEPTH = 512;
export const MAX_KEYS = 1_000_000;

interface Walk {
  readonly cells: CellReader;
  readonly visited: Set<number>;
  keys: number;
}

export function readKeyTree(cells: CellReader, rootCell: number): HiveKey | undefined {
  return readKey({ cells, visited: new Set(), keys: 0 }, rootCell, 0);
}

function readKey(w: Walk, cell: number, depth: number): HiveKey | undefined {
  const { cells } = w;
  if (depth > MAX_DEPTH || w.keys >= MAX_KEYS) {
    cells.finding('limit', `key tree deeper than ${MAX_DEPTH} levels or larger than ${MAX_KEYS} keys`, cell, 'regf.nk');
    return undefined;
  }
  if (w.visited.has(cell)) {
    cells.finding('cycle', `key 0x${cell.toString(16)} is reached twice (a cycle or shared subkey)`, cell, 'regf.nk');
    return undefined;
  }
  w.visited.add(cell);
  w.keys++;
  const r = cells.cell(cell, 'regf.nk', KeyNode.size);
  if (!r) return undefined;
  const nk = KeyNode.decode(cells.bytes, r.at);
  if (nk.signature !== 'nk' || KeyNode.size + nk.nameLength > r.length) {
    cells.finding('nk', 'not a key node (signature or name length)', r.at, 'regf.nk', { expected: '"nk"', found: JSON.stringify(nk.signature) });
    return undefined;
  }
  const name = decodeName(cells.bytes.subarray(r.at + KeyNode.size, r.at + KeyNode.size + nk.nameLength), (nk.flags & KEY_COMP_NAME) !== 0);
  const values = nk.valueCount === 0 ? [] : readValues(cells, nk.valueList, nk.valueCount);
  const childCells = nk.subkeyCount === 0 ? [] : readSubkeyCells(cells, nk.subkeyList, 0);
  if (childCells.length !== nk.subkeyCount) {
    cells.warning('subkey-count', `key "${name}" declares ${nk.subkeyCount} subkeys, its list holds ${childCells.length}`, r.at + 0x14, 'regf.nk.subkeyCount');
  }
  const subkeys: HiveKey[] = [];
  for (const c of childCells) {
    const k = readKey(w, c, depth + 1);
    if (k) subkeys.push(k);
  }
  return { name, values, subkeys };
}

/** nk offsets listed by a subkey list; ri lists one level of lf/lh/li lists. */
function readSubkeyCells(cells: CellReader, list: number, level: number): number[] {
  const r = cells.cell(list, 'regf.list', ListHeader.size);
  if (!r) return [];
  const { signature, count } = ListHeader.decode(cells.bytes, r.at);
  const stride = signature === 'lf' || signature === 'lh' ? 8 : signature === 'li' || signature === 'ri' ? 4 : 0;
  if (stride === 0 || (signature === 'ri' && level > 0)) {
    cells.finding('list', `unknown or nested subkey list ${JSON.stringify(signature)}`, r.at, 'regf.list.signature', { expected: 'lf, lh, li or ri' });
    return [];
  }
  if (4 + stride * count > r.length) {
    cells.finding('list', `subkey list of ${count} entries overruns its ${r.length}-byte cell`, r.at, 'regf.list.count');
    return [];
  }
  const items = Array.from({ length: count }, (_, i) => cells.u32(r.at + 4 + stride * i));
  return signature === 'ri' ? items.flatMap((sub) => readSubkeyCells(cells, sub, level + 1)) : items;
}

function readValues(cells: CellReader, list: number, count: number): HiveValue[] {
  const r = cells.cell(list, 'regf.valuelist', 0);
  if (!r) return [];
  if (4 * count > r.length) {
    cells.finding('valuelist', `value list of ${count} entries overruns its ${r.length}-byte cell`, r.at, 'regf.valuelist');
    return [];
  }
  const out: HiveValue[] = [];
  for (let i = 0; i < count; i++) {
    const v = readValue(cells, cells.u32(r.at + 4 * i));
    if (v) out.push(v);
  }
  return out;
}

function readValue(cells: CellReader, cell: number): HiveValue | undefined {
  const r = cells.cell(cell, 'regf.vk', ValueKey.size);
  if (!r) return undefined;
  const vk = ValueKey.decode(cells.bytes, r.at);
  if (vk.signature !== 'vk' || ValueKey.size + vk.nameLength > r.length) {
    cells.finding('vk', 'not a value key (signature or name length)', r.at, 'regf.vk', { expected: '"vk"', found: JSON.stringify(vk.signature) });
    return undefined;
  }
  const nameBytes = cells.bytes.subarray(r.at + ValueKey.size, r.at + ValueKey.size + vk.nameLength);
  const name = decodeName(nameBytes, (vk.flags & VALUE_COMP_NAME) !== 0);
  const data = readData(cells, vk.dataLength, vk.dataOffset, r.at);
  return data ? { name, type: vk.type, data } : undefined;
}

function readData(cells: CellReader, length: number, offset: number, vkAt: number): Uint8Array | undefined {
  if ((length & DATA_INLINE) !== 0) {
    const n = length & 0x7fffffff;
    if (n > 4) return void cells.finding('vk', `inline data of ${n} bytes (at most 4 fit)`, vkAt + 4, 'regf.vk.dataLength');
    return cells.bytes.slice(vkAt + 8, vkAt + 8 + n);
  }
  if (length === 0) return new Uint8Array(0);
  if (offset === NO_CELL) return void cells.finding('vk', 'value data has no cell', vkAt + 8, 'regf.vk.dataOffset');
  const r = cells.cell(offset, 'regf.data', 0);
  if (!r) return undefined;
  if (length > MAX_SMALL_DATA && r.length >= BigData.size && BigData.decode(cells.bytes, r.at).signature === 'db') {
    return readBigData(cells, r.at, length);
  }
  if (length > r.length) return void cells.finding('vk', `value data of ${length} bytes overruns its ${r.length}-byte cell`, r.at, 'regf.data');
  return cells.bytes.slice(r.at, r.at + length);
}

function readBigData(cells: CellReader, at: number, length: number): Uint8Array | undefined {
  const db = BigData.decode(cells.bytes, at);
  const list = cells.cell(db.segmentList, 'regf.db.list', 4 * db.segmentCount);
  if (!list) return undefined;
  const out = new Uint8Array(length);
  let filled = 0;
  for (let i = 0; i < db.segmentCount && filled < length; i++) {
    const seg = cells.cell(cells.u32(list.at + 4 * i), 'regf.db.segment', 0);
    if (!seg) return undefined;
    const n = Math.min(seg.length, MAX_SMALL_DATA, length - filled);
    out.set(cells.bytes.subarray(seg.at, seg.at + n), filled);
    filled += n;
  }
  if (filled < length) return void cells.finding('vk', `big data holds ${filled} of ${length} bytes`, at, 'regf.db');
  return out;
}
