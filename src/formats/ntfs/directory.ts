// A directory's $I30 index (ntfs-exfat.md §1.11): everything in $INDEX_ROOT when it fits in
// the MFT record, otherwise a B-tree of INDX blocks in $INDEX_ALLOCATION with a $BITMAP.
import { AttrType, Collation, INDEX_BLOCK_SIZE, MFT_RECORD_SIZE } from './constants.js';
import { collateNames } from './collate.js';
import { nonResidentAttr, residentAttr, type Attr } from './attribute.js';
import { encodeIndexRoot, encodeIndxBlock, indxEntriesStart } from './index-node.js';
import { buildIndexTree, nodeEntries, type IndexKey, type IndexTree } from './index-tree.js';
import type { NtfsLayout } from './layout.js';
import { recordBytesInUse } from './record.js';

export interface NamedKey extends IndexKey {
  readonly name: string;
}

export interface DirIndexPlan {
  readonly tree: IndexTree;
  /** INDX blocks (0 for a small index) */
  readonly blocks: number;
  /** clusters of $INDEX_ALLOCATION */
  readonly clusters: number;
}

const I30 = '$I30';

const rootAttr = (layout: NtfsLayout, entries: readonly Uint8Array[], large: boolean): Attr =>
  residentAttr({
    type: AttrType.indexRoot,
    name: I30,
    value: encodeIndexRoot({
      indexedType: AttrType.fileName, collation: Collation.fileName, blockSize: INDEX_BLOCK_SIZE,
      clustersPerBlock: layout.indexRootClustersPerBlock, entries, large,
    }),
  });

/** §1.11: one bit per block, 8 bytes or a multiple of 8 */
const bitmapBytes = (blocks: number): number => Math.max(8, Math.ceil(blocks / 64) * 8);

function allocationAttrs(layout: NtfsLayout, blocks: number, firstLcn: number): Attr[] {
  const clusters = Math.ceil((blocks * INDEX_BLOCK_SIZE) / layout.clusterSize);
  const bitmap = new Uint8Array(bitmapBytes(blocks));
  for (let i = 0; i < blocks; i++) bitmap[i >> 3] = (bitmap[i >> 3] ?? 0) | (1 << (i & 7));
  return [
    nonResidentAttr({ type: AttrType.indexAllocation, name: I30, runs: [{ lcn: firstLcn, length: clusters }], clusterSize: layout.clusterSize, dataSize: blocks * INDEX_BLOCK_SIZE }),
    residentAttr({ type: AttrType.bitmap, name: I30, value: bitmap }),
  ];
}

/** Plans the index of a directory whose record also holds `fixed` ($STANDARD_INFORMATION, $FILE_NAME). */
export function planDirIndex(keys: readonly NamedKey[], fixed: readonly Attr[], layout: NtfsLayout, upcase: Uint16Array): DirIndexPlan {
  const sorted = [...keys].sort((a, b) => collateNames(a.name, b.name, upcase));
  const emptyRoot = rootAttr(layout, [], false).bytes.length;
  const capacity = (extra: readonly Attr[]): number => MFT_RECORD_SIZE - recordBytesInUse([...fixed, ...extra]) - emptyRoot;
  const blockCapacity = INDEX_BLOCK_SIZE - indxEntriesStart(INDEX_BLOCK_SIZE);
  const small = buildIndexTree(sorted, { rootCapacity: capacity([]), blockCapacity, vcnPerBlock: layout.vcnPerBlock });
  if (!small.large) return { tree: small, blocks: 0, clusters: 0 };
  // the root shares the record with $INDEX_ALLOCATION and $BITMAP, whose size grows with the
  // block count: reserve for a guess and retry with a larger one until the guess holds
  for (let guess = 64; ; guess *= 8) {
    // a run list for the largest LCN and length the volume can have
    const reserve = allocationAttrs(layout, guess, layout.clusterCount);
    const tree = buildIndexTree(sorted, { rootCapacity: capacity(reserve), blockCapacity, vcnPerBlock: layout.vcnPerBlock });
    if (tree.nodes.length <= guess) {
      return { tree, blocks: tree.nodes.length, clusters: Math.ceil((tree.nodes.length * INDEX_BLOCK_SIZE) / layout.clusterSize) };
    }
  }
}

/** $INDEX_ROOT, and for a large index $INDEX_ALLOCATION (at `firstLcn`) and $BITMAP. */
export function dirIndexAttrs(plan: DirIndexPlan, layout: NtfsLayout, firstLcn: number): Attr[] {
  const root = rootAttr(layout, plan.tree.rootEntries, plan.tree.large);
  return plan.tree.large ? [root, ...allocationAttrs(layout, plan.blocks, firstLcn)] : [root];
}

/** The INDX blocks, concatenated in VCN order. */
export function dirIndexBlocks(plan: DirIndexPlan, layout: NtfsLayout): Uint8Array {
  const out = new Uint8Array(plan.blocks * INDEX_BLOCK_SIZE);
  plan.tree.nodes.forEach((n, i) => {
    const block = encodeIndxBlock(i * layout.vcnPerBlock, nodeEntries(n, layout.vcnPerBlock), n.endChild !== undefined, INDEX_BLOCK_SIZE);
    out.set(block, i * INDEX_BLOCK_SIZE);
  });
  return out;
}
