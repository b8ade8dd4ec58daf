// VMDK monolithicSparse writer, laid out as QEMU's vmdk_init_extent does (image-formats.md §3):
// header, embedded descriptor at sector 1 (20 sectors), redundant grain directory + tables,
// grain directory + tables, then grains (none: a new disk, or a child reading through to its parent).
import type { ImageLayout } from '../image-header.js';
import { formatVmdkDescriptor, NO_PARENT_CID } from './descriptor.js';
import { KDMV_MAGIC, VmdkFlags, VmdkSparseHeader } from './structs.js';

const GRAIN = 128; // sectors (64 KiB)
const GTES = 512;
const DESC_OFFSET = 1;
const DESC_SECTORS = 20;

export interface VmdkCreateOptions {
  readonly sizeBytes: number;
  /** content id, 8 hex digits */
  readonly cid: string;
  /** file name of the extent itself (the descriptor's extent line) */
  readonly fileName: string;
  readonly parent?: { readonly cid: string; readonly fileNameHint: string };
}

export function createVmdk(o: VmdkCreateOptions): ImageLayout {
  const capacity = Math.ceil(o.sizeBytes / 512);
  const grains = Math.ceil(capacity / GRAIN);
  const gtSectors = Math.ceil((GTES * 4) / 512);
  const gtCount = Math.ceil(grains / GTES);
  const gdSectors = Math.ceil((gtCount * 4) / 512);
  const rgdOffset = DESC_OFFSET + DESC_SECTORS;
  const gdOffset = rgdOffset + gdSectors + gtSectors * gtCount;
  const overhead = Math.ceil((gdOffset + gdSectors + gtSectors * gtCount) / GRAIN) * GRAIN;
  const header = VmdkSparseHeader.encode({
    magicNumber: KDMV_MAGIC,
    version: 1,
    flags: VmdkFlags.nlTest | VmdkFlags.redundantGd,
    capacity: BigInt(capacity),
    grainSize: BigInt(GRAIN),
    descriptorOffset: BigInt(DESC_OFFSET),
    descriptorSize: BigInt(DESC_SECTORS),
    numGTEsPerGT: GTES,
    rgdOffset: BigInt(rgdOffset),
    gdOffset: BigInt(gdOffset),
    overHead: BigInt(overhead),
    uncleanShutdown: 0,
    singleEndLineChar: 0x0a,
    nonEndLineChar: 0x20,
    doubleEndLineChar1: 0x0d,
    doubleEndLineChar2: 0x0a,
    compressAlgorithm: 0,
  });
  const text = formatVmdkDescriptor({
    cid: o.cid,
    parentCid: o.parent?.cid ?? NO_PARENT_CID,
    createType: 'monolithicSparse',
    ...(o.parent ? { parentFileNameHint: o.parent.fileNameHint } : {}),
    extents: [{ access: 'RW', sectors: capacity, type: 'SPARSE', file: o.fileName }],
    cylinders: Math.min(16383, Math.floor(capacity / (16 * 63))),
  });
  const desc = new TextEncoder().encode(text);
  if (desc.length > DESC_SECTORS * 512) throw new RangeError('VMDK descriptor does not fit in 20 sectors');
  return {
    size: overhead * 512,
    extents: [
      { offset: 0, bytes: header },
      { offset: DESC_OFFSET * 512, bytes: desc },
      { offset: rgdOffset * 512, bytes: directory(rgdOffset + gdSectors, gtCount, gtSectors) },
      { offset: gdOffset * 512, bytes: directory(gdOffset + gdSectors, gtCount, gtSectors) },
    ],
  };
}

/** A grain directory: entry i holds the sector of grain table i (tables follow the directory). */
function directory(firstTable: number, count: number, gtSectors: number): Uint8Array {
  const out = new Uint8Array(count * 4);
  const view = new DataView(out.buffer);
  for (let i = 0; i < count; i++) view.setUint32(i * 4, firstTable + i * gtSectors, true);
  return out;
}
