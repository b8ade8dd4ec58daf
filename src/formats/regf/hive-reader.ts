// Reads an untrusted regf hive into a key tree. Bounded: at most MAX_HIVE_BYTES, MAX_DEPTH levels,
// MAX_KEYS keys, every cell reference checked (cell-reader.ts); damage is reported as findings.
import type { ReadAt } from '../../binary/read-at.js';
import { diag, type Diagnostic, type Result } from '../../diagnostics/diagnostic.js';
import { CellReader } from './cell-reader.js';
import { regfChecksum } from './checksum.js';
import { readKeyTree } from './key-reader.js';
import { BaseBlock, HBIN_START } from './structs.js';
import type { HiveKey } from './types.js';

export const MAX_HIVE_BYTES = 256 * 1024 * 1024;

export interface HiveHeader {
  readonly sequence: readonly [number, number];
  readonly timestamp: bigint;
  readonly version: string;
  readonly rootCell: number;
  readonly hiveBinsSize: number;
  readonly checksum: number;
  readonly fileName: string;
}

export interface ParsedHive {
  readonly header: HiveHeader;
  /** undefined when the root key is unreadable */
  readonly root: HiveKey | undefined;
}

export interface ReadHiveOptions {
  /** file name used in findings */
  readonly file: string;
}

/** Reads a whole hive through a ReadAt (refuses files above MAX_HIVE_BYTES). */
export async function readHive(source: ReadAt, options: ReadHiveOptions): Promise<Result<ParsedHive | undefined>> {
  if (source.size > MAX_HIVE_BYTES) {
    const d = diag('format/regf-too-large', 'error', `hive is ${source.size} bytes; refusing more than ${MAX_HIVE_BYTES}`, {
      origin: { file: options.file },
    });
    return { value: undefined, diagnostics: [d] };
  }
  return parseHive(await source.read(0, source.size), options);
}

/** Parses hive bytes held in memory. */
export function parseHive(bytes: Uint8Array, options: ReadHiveOptions): Result<ParsedHive | undefined> {
  const origin = (offset: number, field: string) => ({ file: options.file, offset, field });
  if (bytes.length < HBIN_START) {
    const d = diag('format/regf-truncated', 'error', `${bytes.length} bytes is too short for a hive`, {
      expected: 'at least a 4096-byte base block', origin: origin(0, 'regf.base'),
    });
    return { value: undefined, diagnostics: [d] };
  }
  const base = BaseBlock.decode(bytes, 0, { format: 'regf' });
  if (base.signature !== 'regf') {
    const d = diag('format/regf-signature', 'error', 'not a registry hive', {
      expected: '"regf"', found: JSON.stringify(base.signature), origin: origin(0, 'regf.base.signature'),
    });
    return { value: undefined, diagnostics: [d] };
  }
  const diagnostics: Diagnostic[] = [...checkBaseBlock(bytes, base, options.file)];
  const binsSize = Math.min(base.hiveBinsSize, bytes.length - HBIN_START);
  const cells = new CellReader(bytes, options.file, binsSize);
  const root = readKeyTree(cells, base.rootCell);
  const header: HiveHeader = {
    sequence: [base.primarySequence, base.secondarySequence],
    timestamp: base.timestamp,
    version: `${base.major}.${base.minor}`,
    rootCell: base.rootCell,
    hiveBinsSize: base.hiveBinsSize,
    checksum: base.checksum,
    fileName: base.fileName,
  };
  return { value: { header, root }, diagnostics: [...diagnostics, ...cells.diagnostics] };
}

function checkBaseBlock(bytes: Uint8Array, base: ReturnType<typeof BaseBlock.decode>, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const hex = (n: number) => `0x${n.toString(16).padStart(8, '0')}`;
  const computed = regfChecksum(bytes);
  if (computed !== base.checksum) {
    out.push(diag('format/regf-checksum', 'error', 'base block checksum does not match', {
      expected: hex(computed), found: hex(base.checksum), origin: { file, offset: 0x1fc, field: 'regf.base.checksum' },
    }));
  }
  if (base.primarySequence !== base.secondarySequence) {
    out.push(diag('format/regf-dirty', 'warning', 'hive was not cleanly written (sequence numbers differ)', {
      found: `${base.primarySequence} / ${base.secondarySequence}`, origin: { file, offset: 4, field: 'regf.base.primarySequence' },
    }));
  }
  if (base.hiveBinsSize % 0x1000 !== 0 || base.hiveBinsSize === 0 || HBIN_START + base.hiveBinsSize > bytes.length) {
    out.push(diag('format/regf-bins-size', 'error', 'hive bins size does not fit the file', {
      expected: `a non-zero multiple of 4096 up to ${bytes.length - HBIN_START}`, found: String(base.hiveBinsSize),
      origin: { file, offset: 0x28, field: 'regf.base.hiveBinsSize' },
    }));
  }
  return out;
}
