// Index entries, $INDEX_ROOT values and INDX blocks (ntfs-exfat.md §1.11, §1.9).
import { EntryFlag, FIXUP_STRIDE, USN, align8 } from './constants.js';
import { applyFixups } from './fixup.js';
import { INDEX_ENTRY, INDEX_HEADER, INDEX_ROOT, INDX_BLOCK, VIEW_ENTRY } from './structs.js';

/** Size of a file-name index entry with this key (plus 8 bytes of child VCN in an internal node). */
export const entrySize = (keyLength: number, hasChild: boolean): number => align8(INDEX_ENTRY.size + keyLength) + (hasChild ? 8 : 0);
export const endEntrySize = (hasChild: boolean): number => INDEX_ENTRY.size + (hasChild ? 8 : 0);

/** A $I30 entry: file reference, the file's $FILE_NAME value as key, optional child VCN. */
export function encodeEntry(fileRef: bigint, key: Uint8Array, childVcn?: number): Uint8Array {
  const hasChild = childVcn !== undefined;
  const length = entrySize(key.length, hasChild);
  const b = new Uint8Array(length);
  INDEX_ENTRY.encodeInto(b, 0, { fileRef, length, keyLength: key.length, flags: hasChild ? EntryFlag.subnode : 0 });
  b.set(key, INDEX_ENTRY.size);
  if (hasChild) new DataView(b.buffer).setBigUint64(length - 8, BigInt(childVcn), true);
  return b;
}

/** The END entry closing every node; in an internal node it points at the last child. */
export function encodeEndEntry(childVcn?: number): Uint8Array {
  const hasChild = childVcn !== undefined;
  const length = endEntrySize(hasChild);
  const b = new Uint8Array(length);
  INDEX_ENTRY.encodeInto(b, 0, { fileRef: 0n, length, keyLength: 0, flags: EntryFlag.last | (hasChild ? EntryFlag.subnode : 0) });
  if (hasChild) new DataView(b.buffer).setBigUint64(length - 8, BigInt(childVcn), true);
  return b;
}

/** A view-index entry ($SII, $SDH): key then data, padded to 8 (or with `pad` bytes, §1.9). */
export function encodeViewEntry(key: Uint8Array, data: Uint8Array, pad: Uint8Array = new Uint8Array(0)): Uint8Array {
  const dataOffset = INDEX_ENTRY.size + key.length;
  const length = align8(dataOffset + data.length + pad.length);
  const b = new Uint8Array(length);
  VIEW_ENTRY.encodeInto(b, 0, { dataOffset, dataLength: data.length, length, keyLength: key.length, flags: 0 });
  b.set(key, INDEX_ENTRY.size);
  b.set(data, dataOffset);
  b.set(pad, dataOffset + data.length);
  return b;
}

const concat = (parts: readonly Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
};

export interface IndexRootSpec {
  /** 0x30 for $I30, 0 for view indexes */
  readonly indexedType: number;
  readonly collation: number;
  readonly blockSize: number;
  /** §1.11: block size in clusters, or in 512-byte units when the block is smaller than a cluster */
  readonly clustersPerBlock: number;
  /** encoded entries, END included */
  readonly entries: readonly Uint8Array[];
  readonly large: boolean;
}

export function encodeIndexRoot(s: IndexRootSpec): Uint8Array {
  const entries = concat(s.entries);
  const b = new Uint8Array(INDEX_ROOT.size + INDEX_HEADER.size + entries.length);
  INDEX_ROOT.encodeInto(b, 0, { indexedType: s.indexedType, collation: s.collation, blockSize: s.blockSize, clustersPerBlock: s.clustersPerBlock });
  const len = INDEX_HEADER.size + entries.length;
  INDEX_HEADER.encodeInto(b, INDEX_ROOT.size, { entriesOffset: INDEX_HEADER.size, indexLength: len, allocatedSize: len, flags: s.large ? 1 : 0 });
  b.set(entries, INDEX_ROOT.size + INDEX_HEADER.size);
  return b;
}

/** Bytes of an INDX block before its entries: header, index header, USA, aligned to 8 (0x40). */
export const indxEntriesStart = (blockSize: number): number => align8(INDX_BLOCK.size + INDEX_HEADER.size + 2 * (1 + blockSize / FIXUP_STRIDE));

/** An INDX block with fixups applied; entries must fit (the tree builder guarantees it). */
export function encodeIndxBlock(vcn: number, entries: readonly Uint8Array[], internal: boolean, blockSize: number): Uint8Array {
  const usaCount = 1 + blockSize / FIXUP_STRIDE;
  const start = indxEntriesStart(blockSize);
  const body = concat(entries);
  const b = new Uint8Array(blockSize);
  INDX_BLOCK.encodeInto(b, 0, { magic: 'INDX', usaOffset: INDX_BLOCK.size + INDEX_HEADER.size, usaCount, lsn: 0n, vcn: BigInt(vcn) });
  INDEX_HEADER.encodeInto(b, INDX_BLOCK.size, {
    entriesOffset: start - INDX_BLOCK.size,
    indexLength: start - INDX_BLOCK.size + body.length,
    // §1.11: ntfs-3g checks this is exactly block size − 0x18
    allocatedSize: blockSize - INDX_BLOCK.size,
    flags: internal ? 1 : 0,
  });
  b.set(body, start);
  applyFixups(b, INDX_BLOCK.size + INDEX_HEADER.size, usaCount, USN);
  return b;
}
