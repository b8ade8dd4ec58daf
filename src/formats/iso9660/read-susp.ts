// Reading a record's System Use area (SUSP 1.12 §4–§5) for its Rock Ridge name (RRIP 1.12 §4.1.4
// "NM"), following Continuation Areas ("CE", SUSP §5.1) a bounded number of times.
import type { BoundedReader } from '../../binary/bounded-reader.js';
import { FormatError } from '../../diagnostics/errors.js';
import { BLOCK } from './descriptors.js';

/** A malformed ISO 9660 / SUSP field, by structure, field and absolute byte offset. */
export function isoInvalid(structure: string, field: string, offset: number, expected: string, actual: string): FormatError {
  return new FormatError({ format: 'iso9660', structure, field, offset, expected, actual });
}

export interface RockRidge {
  /** SP len_skp: bytes to skip at the start of every System Use area (SUSP §5.3) */
  readonly skip: number;
}

/** Continuation areas followed per record; writers need one or two. */
const MAX_CE_HOPS = 16;
/** Bytes of one name; Linux caps names at 255, a long NM chain is hostile. */
const MAX_NAME = 1024;

const NM_CONTINUE = 0x01;
/** NM names '.' or '..' (flags CURRENT, PARENT): not a name to match on */
const NM_DOT = 0x06;

const sig = (area: Uint8Array, i: number): string => String.fromCharCode(area[i] ?? 0, area[i + 1] ?? 0);
const le32 = (b: Uint8Array, i: number): number => ((b[i] ?? 0) | ((b[i + 1] ?? 0) << 8) | ((b[i + 2] ?? 0) << 16) | ((b[i + 3] ?? 0) << 24)) >>> 0;

/**
 * The NM name of a record, or undefined when it has none. `area` is its System Use area (after
 * SP's skip), `recordAt` its absolute offset (for error positions).
 */
export async function readSuspArea(reader: BoundedReader, area: Uint8Array, recordAt: number): Promise<string | undefined> {
  const pieces: number[] = [];
  let named = false;
  let current = area;
  let base = recordAt;
  for (let hop = 0; hop <= MAX_CE_HOPS; hop++) {
    let next: { lba: number; offset: number; length: number; at: number } | undefined;
    for (let i = 0; i + 4 <= current.length; ) {
      const len = current[i + 2] ?? 0;
      const s = sig(current, i);
      if (len < 4 || i + len > current.length) {
        throw isoInvalid('susp.entry', 'length', base + i + 2, `4..${current.length - i} (inside the System Use area)`, `${len} (entry "${s}")`);
      }
      if (s === 'ST') return named ? decodeName(pieces) : undefined;
      if (s === 'NM' && len >= 5) {
        const flags = current[i + 4] ?? 0;
        if (!(flags & NM_DOT)) {
          if (pieces.length + len - 5 > MAX_NAME) throw isoInvalid('rrip.NM', 'length', base + i, `a name of at most ${MAX_NAME} bytes`, 'longer');
          pieces.push(...current.subarray(i + 5, i + len));
          named = true;
        }
        if (!(flags & NM_CONTINUE) && named) return decodeName(pieces);
      } else if (s === 'CE' && len >= 28) {
        next = { lba: le32(current, i + 4), offset: le32(current, i + 12), length: le32(current, i + 20), at: base + i };
      }
      i += len;
    }
    if (!next) break;
    if (next.offset + next.length > BLOCK || next.length === 0) {
      throw isoInvalid('susp.CE', 'length', next.at + 20, `a continuation area inside one ${BLOCK}-byte block`, `offset ${next.offset}, length ${next.length}`);
    }
    if (hop === MAX_CE_HOPS) throw isoInvalid('susp.CE', 'lba', next.at + 4, `at most ${MAX_CE_HOPS} continuation areas per record`, 'more');
    base = next.lba * BLOCK + next.offset;
    current = await reader.read(base, next.length, { structure: 'susp.CE', field: 'continuation area' });
  }
  return named ? decodeName(pieces) : undefined;
}

function decodeName(bytes: readonly number[]): string {
  return new TextDecoder().decode(Uint8Array.from(bytes));
}
