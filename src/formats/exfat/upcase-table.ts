// The up-case table: expanded (65536 u16 mappings, used for NameHash and name comparison) and
// compressed as mkfs.exfat stores it (exFAT spec §7.2.5, ntfs-exfat.md §2.6).
import { upcaseTableChecksum } from './checksum.js';
import { UPCASE_RUNS } from './upcase-mapping.js';

/** Identity runs at least this long are stored as (0xFFFF, count). 512 reproduces the spec's
 * compressed table byte for byte: its four runs are 843…53787 long, the longest literal one 337. */
const MIN_COMPRESSED_RUN = 512;

export interface UpcaseTable {
  /** mapping of every UTF-16 unit */
  readonly map: Uint16Array;
  /** the table as stored on the volume */
  readonly bytes: Uint8Array;
  /** TableChecksum of `bytes` (§7.2.2) */
  readonly checksum: number;
}

function expand(): Uint16Array {
  const map = new Uint16Array(65536);
  for (let u = 0; u < 65536; u++) map[u] = u;
  for (const [first, count, delta, step] of UPCASE_RUNS) {
    for (let i = 0; i < count; i++) map[first + i * step] = first + i * step + delta;
  }
  return map;
}

/** §7.2.5: 0xFFFF followed by N means "the next N units map to themselves". */
export function compressUpcase(map: Uint16Array): Uint8Array {
  const words: number[] = [];
  for (let u = 0; u < map.length; ) {
    let run = 0;
    while (u + run < map.length && map[u + run] === u + run) run++;
    if (run >= MIN_COMPRESSED_RUN) {
      words.push(0xffff, run);
      u += run;
    } else {
      words.push(map[u] ?? u);
      u++;
    }
  }
  const out = new Uint8Array(words.length * 2);
  const view = new DataView(out.buffer);
  words.forEach((w, i) => view.setUint16(i * 2, w, true));
  return out;
}

/**
 * Decodes a stored table (compressed or not) to 65536 mappings; units it does not cover map to
 * themselves. A final 0xFFFF is the literal mapping of U+FFFF, not a run marker (ntfs-exfat.md §2.6).
 */
export function expandUpcase(bytes: Uint8Array): Uint16Array {
  const map = new Uint16Array(65536);
  for (let u = 0; u < 65536; u++) map[u] = u;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const words = Math.floor(bytes.length / 2);
  let u = 0;
  for (let i = 0; i < words && u < 65536; i++) {
    const w = view.getUint16(i * 2, true);
    if (w === 0xffff && i + 1 < words) {
      u += view.getUint16(++i * 2, true);
    } else {
      map[u++] = w;
    }
  }
  return map;
}

let cached: UpcaseTable | undefined;
// eslint-disable-next-line no-control-regex
const ASCII = /^[\u0000-\u007f]*$/;

/** The recommended table, built once per process. */
export function recommendedUpcaseTable(): UpcaseTable {
  if (!cached) {
    const map = expand();
    const bytes = compressUpcase(map);
    cached = { map, bytes, checksum: upcaseTableChecksum(bytes) };
  }
  return cached;
}

/** Up-cases a name unit by unit, as exFAT compares names (§7.2.5: per UTF-16 unit, no folding). */
export function upcaseName(name: string, map: Uint16Array): string {
  // fast path for the recommended table, which maps ASCII exactly as toUpperCase() does (a–z → A–Z)
  if (map === cached?.map && ASCII.test(name)) return name.toUpperCase();
  const units = new Array<number>(name.length);
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    units[i] = map[c] ?? c;
  }
  // names are ≤ 255 units (checked first), well inside the argument limit
  return String.fromCharCode(...units);
}
