// Bulk-built B-tree of a directory index (ntfs-exfat.md §1.11 "Tree shape"): sorted entries fill
// leaf blocks; the entry between two neighbouring leaves moves up as a separator pointing at the
// leaf on its left; each END points at the last child. Levels repeat until the separators fit in
// $INDEX_ROOT. All leaves end up at the same depth, as ntfs-3g's lookups expect.
import { InternalError } from '../../diagnostics/errors.js';
import { encodeEndEntry, encodeEntry, endEntrySize, entrySize } from './index-node.js';

export interface IndexKey {
  readonly fileRef: bigint;
  /** the $FILE_NAME value */
  readonly key: Uint8Array;
}

interface Item {
  readonly k: IndexKey;
  /** node index of the child holding the keys before this one */
  readonly child?: number;
}

export interface TreeNode {
  readonly items: readonly Item[];
  readonly endChild: number | undefined;
}

export interface IndexTree {
  readonly rootEntries: Uint8Array[];
  /** false: everything is in $INDEX_ROOT */
  readonly large: boolean;
  /** INDX blocks: node i is stored at block i */
  readonly nodes: readonly TreeNode[];
}

const itemSize = (it: Item): number => entrySize(it.k.key.length, it.child !== undefined);

function encodeItems(items: readonly Item[], endChild: number | undefined, vcnPerBlock: number): Uint8Array[] {
  const vcn = (n: number | undefined): number | undefined => (n === undefined ? undefined : n * vcnPerBlock);
  return [...items.map((it) => encodeEntry(it.k.fileRef, it.k.key, vcn(it.child))), encodeEndEntry(vcn(endChild))];
}

/** Packs one level into nodes of `capacity` entry bytes; returns the separators for the level above. */
function packLevel(items: readonly Item[], endChild: number | undefined, capacity: number, nodes: TreeNode[]): { up: Item[]; endChild: number } {
  const endSize = endEntrySize(endChild !== undefined);
  const up: Item[] = [];
  let cur: Item[] = [];
  let used = 0;
  items.forEach((it, i) => {
    const size = itemSize(it);
    if (used + size + endSize <= capacity) {
      cur.push(it);
      used += size;
      return;
    }
    // the last item cannot be a separator (it would leave the last node empty): promote the
    // previous one and start the last node with this item
    const last = i === items.length - 1;
    const sep = last ? cur.pop() : it;
    if (!sep) throw new InternalError('an NTFS index entry is larger than an index block');
    nodes.push({ items: cur, endChild: sep.child });
    up.push({ k: sep.k, child: nodes.length - 1 });
    cur = last ? [it] : [];
    used = last ? size : 0;
  });
  nodes.push({ items: cur, endChild });
  return { up, endChild: nodes.length - 1 };
}

export interface TreeOptions {
  /** entry bytes available in $INDEX_ROOT, END included */
  readonly rootCapacity: number;
  /** entry bytes available in an INDX block, END included */
  readonly blockCapacity: number;
  /** VCN of block i is i × vcnPerBlock (§1.11) */
  readonly vcnPerBlock: number;
}

/** `keys` must already be in collation order. */
export function buildIndexTree(keys: readonly IndexKey[], o: TreeOptions): IndexTree {
  let items: Item[] = keys.map((k) => ({ k }));
  const total = items.reduce((n, it) => n + itemSize(it), 0) + endEntrySize(false);
  if (total <= o.rootCapacity) return { rootEntries: encodeItems(items, undefined, o.vcnPerBlock), large: false, nodes: [] };
  const nodes: TreeNode[] = [];
  let endChild: number | undefined;
  for (;;) {
    const level = packLevel(items, endChild, o.blockCapacity, nodes);
    items = level.up;
    endChild = level.endChild;
    const rootBytes = items.reduce((n, it) => n + itemSize(it), 0) + endEntrySize(true);
    if (rootBytes <= o.rootCapacity) break;
  }
  return { rootEntries: encodeItems(items, endChild, o.vcnPerBlock), large: true, nodes };
}

/** Encoded entries of node i. */
export function nodeEntries(n: TreeNode, vcnPerBlock: number): Uint8Array[] {
  return encodeItems(n.items, n.endChild, vcnPerBlock);
}
