// Places cells into hbins: 8-byte aligned, never crossing an hbin end (reference/boot-media.md §6.4).
// Offsets returned are relative to the first hbin, as every regf offset field is.
import { HBIN_ALIGN, HBIN_HEADER_SIZE } from './structs.js';

export interface Hbin {
  readonly offset: number;
  readonly size: number;
  /** end of the last allocated cell; the rest is one free cell */
  used: number;
}

const align = (n: number, to: number): number => Math.ceil(n / to) * to;

export class CellAllocator {
  readonly bins: Hbin[] = [];

  /** Reserves a cell for `dataLength` bytes of data; returns the offset of its size field. */
  alloc(dataLength: number): number {
    const size = align(dataLength + 4, 8);
    let bin = this.bins.at(-1);
    if (!bin || bin.used + size > bin.offset + bin.size) {
      const offset = bin ? bin.offset + bin.size : 0;
      bin = { offset, size: align(size + HBIN_HEADER_SIZE, HBIN_ALIGN), used: offset + HBIN_HEADER_SIZE };
      this.bins.push(bin);
    }
    const at = bin.used;
    bin.used += size;
    return at;
  }

  /** Total bytes of all hbins (the base block's hiveBinsSize). */
  get totalSize(): number {
    const last = this.bins.at(-1);
    return last ? last.offset + last.size : 0;
  }
}

/** Cell size as stored: the aligned length including the 4-byte size field. */
export const cellSizeFor = (dataLength: number): number => align(dataLength + 4, 8);
