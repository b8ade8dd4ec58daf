// Test helper: writes a tree of awkward names (long, 8.3 collisions, Unicode, deep, empty, dotted)
// to a temp dir and returns it as VolumeFiles, plus a reader that lists any extracted tree.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { VolumeFile } from '../../../src/binary/extent.js';

export interface SampleTreeOptions {
  /** directory to create the files in */
  readonly dir: string;
  /** bytes of the largest file */
  readonly bigBytes?: number;
  /** how many "Long File Name N.txt" siblings (8.3 collisions) */
  readonly collisions?: number;
}

export function sampleNames(collisions: number): string[] {
  const names = [
    'README.TXT',
    'boot',
    'ReadMe.Txt2',
    'archive.tar.gz',
    '.hidden',
    'a+b=c [1];x.txt',
    'with spaces in name.data',
    'Ünïcødé ファイル.txt',
    'empty.bin',
    'EFI/BOOT/BOOTX64.EFI',
    'deep/l2/l3/l4/l5/l6/leaf file with a long name.txt',
    'deep/l2/empty-dir-sibling.txt',
    `${'x'.repeat(200)}.long`,
  ];
  for (let i = 1; i <= collisions; i++) names.push(`many/Long File Name ${i}.txt`);
  return names;
}

/** Deterministic pseudo-random bytes (xorshift) so content mistakes show up. */
export function pattern(size: number, seed: number): Uint8Array {
  const out = new Uint8Array(size);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < size; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

export function writeSampleTree(options: SampleTreeOptions): VolumeFile[] {
  const names = sampleNames(options.collisions ?? 12);
  return names.map((name, i) => {
    const size = name.startsWith('empty') ? 0 : i === 0 ? (options.bigBytes ?? 300_000) : 1 + ((i * 7919) % 20_000);
    const path = join(options.dir, name);
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, pattern(size, i + 1));
    return { path: `/${name}`, size, source: { kind: 'file', path } } satisfies VolumeFile;
  });
}

/** path → content of every file under `dir` (relative POSIX paths). */
export function readTree(dir: string, prefix = ''): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const rel = prefix ? `${prefix}/${name}` : name;
    if (statSync(p).isDirectory()) for (const [k, v] of readTree(p, rel)) out.set(k, v);
    else out.set(rel, readFileSync(p));
  }
  return out;
}
