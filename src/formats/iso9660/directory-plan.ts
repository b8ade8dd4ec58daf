// Plans one ISO directory: its records (identifier, Rock Ridge entries, multi-extent parts) and
// where they fall in its blocks and in its Continuation Area, before any LBA is known.
import type { TreeDir, TreeNode } from '../../binary/file-tree.js';
import { baseLength } from './dir-record.js';
import { compareIdentifiers, isoIdentifier } from './iso-names.js';
import { CE_LENGTH, erEntry, MODE_DIR, MODE_FILE, nmEntries, pxEntry, spEntry, tfEntry } from './rock-ridge.js';

/** Largest extent: a multiple of 2048 below 4 GiB (ECMA-119 §9.1.4 data length is 32-bit). */
export const MAX_EXTENT = 0xfffff800;

export interface RecordPlan {
  /** the child, or undefined for '.' / '..' */
  readonly node: TreeNode | undefined;
  readonly kind: 'self' | 'parent' | 'child';
  readonly identifier: Uint8Array;
  /** part index and byte range for multi-extent files */
  readonly part: { readonly index: number; readonly count: number; readonly offset: number; readonly length: number };
  readonly inline: readonly Uint8Array[];
  /** entries moved to the continuation area (empty: no CE) */
  readonly overflow: readonly Uint8Array[];
  /** byte offset of the record in the directory extent */
  readonly offset: number;
  /** where `overflow` goes: block index in the dir's CE area and byte offset in it */
  readonly ce: { readonly block: number; readonly offset: number; readonly length: number } | undefined;
  readonly length: number;
}

export interface IsoDirPlan {
  readonly dir: TreeDir;
  readonly identifier: string;
  readonly records: readonly RecordPlan[];
  readonly blocks: number;
  readonly ceBlocks: number;
}

const sum = (xs: readonly Uint8Array[]): number => xs.reduce((n, x) => n + x.length, 0);
const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0));

export function planIsoDirectory(dir: TreeDir, identifier: string, isRoot: boolean, epoch: number): IsoDirPlan {
  const taken = new Set<string>();
  const kids = dir.children
    .map((node) => ({ node, id: isoIdentifier(node.name, node.kind === 'dir', taken) }))
    .sort((a, b) => compareIdentifiers(a.id, b.id));
  const subdirs = dir.children.filter((c) => c.kind === 'dir').length;
  const tf = tfEntry(epoch);
  const whole = { index: 0, count: 1, offset: 0, length: 0 };
  const raw: Omit<RecordPlan, 'inline' | 'overflow' | 'offset' | 'ce' | 'length'>[] = [];
  const entries: Uint8Array[][] = [];
  raw.push({ node: undefined, kind: 'self', identifier: Uint8Array.of(0), part: whole });
  entries.push([...(isRoot ? [spEntry()] : []), pxEntry(MODE_DIR, 2 + subdirs), tf, ...(isRoot ? [erEntry()] : [])]);
  raw.push({ node: undefined, kind: 'parent', identifier: Uint8Array.of(1), part: whole });
  entries.push([pxEntry(MODE_DIR, 2), tf]);
  for (const { node, id } of kids) {
    const su = [pxEntry(node.kind === 'dir' ? MODE_DIR : MODE_FILE, node.kind === 'dir' ? 2 : 1), tf, ...nmEntries(node.name)];
    const size = node.kind === 'file' ? node.file.size : 0;
    const count = Math.max(1, Math.ceil(size / MAX_EXTENT));
    for (let index = 0; index < count; index++) {
      const offset = index * MAX_EXTENT;
      raw.push({ node, kind: 'child', identifier: ascii(id), part: { index, count, offset, length: Math.min(MAX_EXTENT, size - offset) } });
      entries.push(su);
    }
  }
  return place(dir, identifier, raw, entries);
}

/** Packs records into blocks (none crosses a block) and overflow into CE blocks. */
function place(dir: TreeDir, identifier: string, raw: Omit<RecordPlan, 'inline' | 'overflow' | 'offset' | 'ce' | 'length'>[], entries: Uint8Array[][]): IsoDirPlan {
  const records: RecordPlan[] = [];
  let pos = 0;
  let ceBlock = 0;
  let cePos = 0;
  raw.forEach((r, i) => {
    const su = entries[i] ?? [];
    const base = baseLength(r.identifier.length);
    const room = 254 - base;
    let inline = su;
    let overflow: Uint8Array[] = [];
    if (sum(su) > room) {
      inline = [];
      for (const e of su) {
        if (overflow.length === 0 && sum(inline) + e.length + CE_LENGTH <= room) inline.push(e);
        else overflow.push(e);
      }
    }
    const suLength = sum(inline) + (overflow.length ? CE_LENGTH : 0);
    const length = base + suLength + ((base + suLength) % 2);
    if ((pos % 2048) + length > 2048) pos = Math.ceil(pos / 2048) * 2048;
    let ce: RecordPlan['ce'];
    if (overflow.length) {
      const n = sum(overflow);
      if (cePos + n > 2048) {
        ceBlock++;
        cePos = 0;
      }
      ce = { block: ceBlock, offset: cePos, length: n };
      cePos += n;
    }
    records.push({ ...r, inline, overflow, offset: pos, ce, length });
    pos += length;
  });
  const ceBlocks = records.some((r) => r.ce) ? ceBlock + 1 : 0;
  return { dir, identifier, records, blocks: Math.max(1, Math.ceil(pos / 2048)), ceBlocks };
}
