// Phase 1 of writing a hive: decide where every cell goes. Keys are laid out depth-first (nk, then
// its values, then its subkey list), subkeys sorted as Windows requires (names.ts).
import { InternalError } from '../../diagnostics/errors.js';
import { CellAllocator } from './cell-allocator.js';
import { compareNames, encodeName, upcaseName, type EncodedName } from './names.js';
import { KeyNode, MAX_LH_ENTRIES, MAX_SMALL_DATA, ValueKey } from './structs.js';
import type { HiveKey, HiveValue } from './types.js';

export type DataPlacement =
  | { readonly kind: 'inline' }
  | { readonly kind: 'cell'; readonly cell: number }
  | { readonly kind: 'db'; readonly cell: number; readonly list: number; readonly segments: readonly number[] };

export interface PlacedValue {
  readonly value: HiveValue;
  readonly name: EncodedName;
  readonly vk: number;
  readonly data: DataPlacement;
}

export interface PlacedKey {
  readonly key: HiveKey;
  readonly name: EncodedName;
  readonly nk: number;
  readonly parent: number;
  readonly values: readonly PlacedValue[];
  readonly valueList: number | undefined;
  /** sorted by name */
  readonly children: readonly PlacedKey[];
  /** one lh cell, or an ri cell over several lh cells */
  readonly list: { readonly cell: number; readonly lh: readonly number[] } | undefined;
}

export interface HiveLayout {
  readonly root: PlacedKey;
  readonly sk: number;
  readonly allocator: CellAllocator;
  /** some value needed a db record */
  readonly bigData: boolean;
}

export function layoutHive(root: HiveKey, skDataLength: number): HiveLayout {
  const allocator = new CellAllocator();
  const rootName = encodeName(root.name);
  const nk = allocator.alloc(KeyNode.size + rootName.bytes.length);
  const sk = allocator.alloc(skDataLength);
  const placed = placeKey(allocator, root, rootName, nk, nk);
  return { root: placed, sk, allocator, bigData: hasBigData(placed) };
}

function placeKey(a: CellAllocator, key: HiveKey, name: EncodedName, nk: number, parent: number): PlacedKey {
  checkUnique(key.values.map((v) => v.name), `values of key ${key.name}`);
  checkUnique(key.subkeys.map((k) => k.name), `subkeys of key ${key.name}`);
  const valueList = key.values.length > 0 ? a.alloc(4 * key.values.length) : undefined;
  const values = key.values.map((value) => placeValue(a, value));
  const sorted = [...key.subkeys].sort((x, y) => compareNames(x.name, y.name));
  const list = sorted.length > 0 ? placeList(a, sorted.length) : undefined;
  const children = sorted.map((child) => {
    const childName = encodeName(child.name);
    return placeKey(a, child, childName, a.alloc(KeyNode.size + childName.bytes.length), nk);
  });
  return { key, name, nk, parent, values, valueList, children, list };
}

function placeList(a: CellAllocator, count: number): { cell: number; lh: number[] } {
  if (count <= MAX_LH_ENTRIES) {
    const cell = a.alloc(4 + 8 * count);
    return { cell, lh: [cell] };
  }
  const chunks = Math.ceil(count / MAX_LH_ENTRIES);
  const cell = a.alloc(4 + 4 * chunks);
  const lh = Array.from({ length: chunks }, (_, i) => a.alloc(4 + 8 * Math.min(MAX_LH_ENTRIES, count - i * MAX_LH_ENTRIES)));
  return { cell, lh };
}

function placeValue(a: CellAllocator, value: HiveValue): PlacedValue {
  const name = encodeName(value.name);
  const vk = a.alloc(ValueKey.size + name.bytes.length);
  const n = value.data.length;
  if (n <= 4) return { value, name, vk, data: { kind: 'inline' } };
  if (n <= MAX_SMALL_DATA) return { value, name, vk, data: { kind: 'cell', cell: a.alloc(n) } };
  const count = Math.ceil(n / MAX_SMALL_DATA);
  const cell = a.alloc(8);
  const list = a.alloc(4 * count);
  const segments = Array.from({ length: count }, (_, i) => a.alloc(Math.min(MAX_SMALL_DATA, n - i * MAX_SMALL_DATA)));
  return { value, name, vk, data: { kind: 'db', cell, list, segments } };
}

const hasBigData = (k: PlacedKey): boolean =>
  k.values.some((v) => v.data.kind === 'db') || k.children.some(hasBigData);

function checkUnique(names: readonly string[], what: string): void {
  const seen = new Set<string>();
  for (const n of names) {
    const k = upcaseName(n);
    if (seen.has(k)) throw new InternalError(`regf writer: duplicate name "${n}" among ${what}`);
    seen.add(k);
  }
}
