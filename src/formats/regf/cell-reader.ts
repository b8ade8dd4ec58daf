// Bounds-checked access to hbins and cells of an untrusted hive: every problem becomes a finding
// (Diagnostic) and an `undefined`, never an exception or an out-of-range read.
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { HBIN_ALIGN, HBIN_HEADER_SIZE, HBIN_START, HbinHeader } from './structs.js';

export interface CellRange {
  /** file offset of the cell data (after the size field) */
  readonly at: number;
  readonly length: number;
}

interface BinRange {
  readonly start: number;
  readonly end: number;
}

export class CellReader {
  readonly view: DataView;
  readonly diagnostics: Diagnostic[] = [];
  private readonly bins: BinRange[] = [];

  constructor(
    readonly bytes: Uint8Array,
    readonly file: string,
    binsSize: number,
  ) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.scanBins(binsSize);
  }

  finding(code: string, message: string, offset: number, field: string, extra: Partial<Diagnostic> = {}): void {
    this.diagnostics.push(diag(`format/regf-${code}`, 'error', message, { ...extra, origin: { file: this.file, offset, field } }));
  }

  warning(code: string, message: string, offset: number, field: string): void {
    this.diagnostics.push(diag(`format/regf-${code}`, 'warning', message, { origin: { file: this.file, offset, field } }));
  }

  /** Walks the hbin chain; stops at the first hbin that is not one. */
  private scanBins(binsSize: number): void {
    let rel = 0;
    while (rel < binsSize) {
      const at = HBIN_START + rel;
      if (at + HBIN_HEADER_SIZE > this.bytes.length) return this.finding('truncated', 'hbin past the end of the file', at, 'regf.hbin');
      const h = HbinHeader.decode(this.bytes, at);
      const bad = h.signature !== 'hbin' || h.offset !== rel || h.size < HBIN_ALIGN || h.size % HBIN_ALIGN !== 0;
      if (bad || at + h.size > this.bytes.length || rel + h.size > binsSize) {
        return this.finding('hbin', `bad hbin at relative offset 0x${rel.toString(16)}`, at, 'regf.hbin', {
          expected: `"hbin", offset 0x${rel.toString(16)}, size a multiple of 4096 inside the file`,
          found: `${JSON.stringify(h.signature)}, offset 0x${h.offset.toString(16)}, size ${h.size}`,
        });
      }
      this.bins.push({ start: at + HBIN_HEADER_SIZE, end: at + h.size });
      rel += h.size;
    }
  }

  private binOf(at: number): BinRange | undefined {
    let lo = 0;
    let hi = this.bins.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const b = this.bins[mid];
      if (!b) return undefined;
      if (at < b.start) hi = mid - 1;
      else if (at >= b.end) lo = mid + 1;
      else return b;
    }
    return undefined;
  }

  /** The data of the allocated cell at `cell` (relative offset), or undefined with a finding. */
  cell(cell: number, what: string, minLength = 0): CellRange | undefined {
    const at = HBIN_START + cell;
    const bin = this.binOf(at);
    if (cell % 8 !== 0 || !bin || at + 4 > bin.end) {
      this.finding('cell', `${what}: offset 0x${cell.toString(16)} is not a cell inside an hbin`, at, what);
      return undefined;
    }
    const size = this.view.getInt32(at, true);
    if (size >= 0 || -size < 8 || at - size > bin.end) {
      this.finding('cell', `${what}: bad cell size ${size} (allocated cells are negative and stay inside their hbin)`, at, what);
      return undefined;
    }
    if (-size - 4 < minLength) {
      this.finding('cell', `${what}: cell holds ${-size - 4} bytes, at least ${minLength} needed`, at, what);
      return undefined;
    }
    return { at: at + 4, length: -size - 4 };
  }

  u32(at: number): number {
    return this.view.getUint32(at, true);
  }
}
