// Header readers read through this: every read is checked against the file size and a byte
// budget, so a hostile header (huge counts, offsets past EOF) becomes a FormatError, never a
// large allocation or an endless loop.
import { FormatError } from '../diagnostics/errors.js';
import type { ReadAt } from './read-at.js';

export interface ReadWhat {
  readonly structure: string;
  readonly field?: string;
}

export class BoundedReader {
  bytesRead = 0;
  constructor(
    readonly src: ReadAt,
    readonly format: string,
    /** total bytes this reader may read */
    readonly budget: number,
  ) {}

  get size(): number {
    return this.src.size;
  }

  /** Reads exactly `length` bytes at `offset`, or throws a FormatError naming the structure. */
  async read(offset: number, length: number, what: ReadWhat): Promise<Uint8Array> {
    const fail = (expected: string, actual: string): FormatError =>
      new FormatError({ format: this.format, structure: what.structure, field: what.field ?? '(whole)', offset, expected, actual });
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
      throw fail('a valid offset and length', `offset ${offset}, length ${length}`);
    }
    if (offset + length > this.src.size) {
      throw fail(`${length} bytes inside the file (size ${this.src.size})`, `ends at ${offset + length}`);
    }
    if (this.bytesRead + length > this.budget) {
      throw fail(`at most ${this.budget} bytes of metadata`, `${this.bytesRead + length} bytes`);
    }
    this.bytesRead += length;
    const bytes = await this.src.read(offset, length);
    if (bytes.byteLength !== length) throw fail(`${length} bytes`, `${bytes.byteLength} bytes (short read)`);
    return bytes;
  }
}
