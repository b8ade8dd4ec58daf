// Test helper: writes a tree of awkward exFAT cases to a temp dir and returns it as VolumeFiles:
// Unicode and astral (surrogate pair) names, a 255-unit name, empty files and dirs, a deep path,
// sizes on and around cluster multiples, and directories that span several clusters.
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { VolumeFile } from '../../../src/binary/extent.js';

export interface SampleOptions {
  /** directory to write the files into */
  readonly dir: string;
  /** files in /many (≈5 entries each: 40-unit names) */
  readonly many?: number;
  /** files in /wide (16 entries each: 200-unit names) */
  readonly wide?: number;
}

/** Deterministic pseudo-random bytes (xorshift32), so misplaced data shows. */
export function pattern(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = (seed * 2654435761 + 1) >>> 0 || 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export function sampleEntries(o: SampleOptions): [string, number][] {
  const list: [string, number][] = [
    ['README.TXT', 100],
    ['boot/grub/grub.cfg', 1234],
    ['EFI/BOOT/BOOTX64.EFI', 300_001],
    ['Ünïcødé ファイル.txt', 4096],
    ['emoji 😀 and 𝄞 clef.bin', 32_768],
    ['exact-128k.bin', 131_072],
    ['one-past-128k.bin', 131_073],
    ['empty.bin', 0],
    ['deep/l2/l3/l4/l5/l6/l7/l8/l9/l10/leaf with a long name.txt', 77],
    [`${'n'.repeat(251)}.max`, 5],
    ['with spaces and.dots.in.name.data', 4095],
    ['.hidden', 1],
  ];
  for (let i = 0; i < (o.many ?? 0); i++) list.push([`many/a file with a forty-unit name ${String(i).padStart(4, '0')}.txt`, i % 7 === 0 ? 0 : 10 + i]);
  for (let i = 0; i < (o.wide ?? 0); i++) list.push([`wide/${String(i).padStart(4, '0')}${'w'.repeat(196)}`, 3]);
  return list;
}

export function writeSample(o: SampleOptions): VolumeFile[] {
  return sampleEntries(o).map(([rel, size], i) => {
    const path = join(o.dir, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, pattern(size, i + 1));
    return { path: `/${rel}`, size, source: { kind: 'file', path } };
  });
}

/** sha256 of every file under `root`, by path relative to it (with a leading '/'), plus dirs. */
export function hashTree(root: string): { files: Map<string, string>; dirs: Set<string> } {
  const files = new Map<string, string>();
  const dirs = new Set<string>();
  const walk = (rel: string): void => {
    for (const name of readdirSync(join(root, rel))) {
      const r = `${rel}/${name}`;
      if (statSync(join(root, r)).isDirectory()) {
        dirs.add(r);
        walk(r);
      } else {
        files.set(r, createHash('sha256').update(readFileSync(join(root, r))).digest('hex'));
      }
    }
  };
  walk('');
  return { files, dirs };
}

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
