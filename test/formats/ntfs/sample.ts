// A sample tree for NTFS volumes: resident and non-resident files, empty files, Unicode names,
// a deep path, a directory with many entries (several index blocks) and a sparse source file.
import { createHash } from 'node:crypto';
import { closeSync, ftruncateSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { VolumeFile } from '../../../src/binary/extent.js';
import { sha256 } from './ntfs-oracles.js';

export interface Sample {
  readonly files: VolumeFile[];
  readonly dirs: string[];
  /** sha256 per file, 'dir' per directory */
  readonly expected: Map<string, string>;
  /** medium path → source file, for grub-fstest cmp */
  readonly sources: Map<string, string>;
}

/** Deterministic non-zero bytes. */
export function noise(n: number, seed: number): Buffer {
  const b = Buffer.alloc(n);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    b[i] = x & 0xff;
  }
  return b;
}

export class SampleBuilder {
  readonly files: VolumeFile[] = [];
  readonly dirs: string[] = [];
  readonly expected = new Map<string, string>();
  readonly sources = new Map<string, string>();
  constructor(private readonly dir: string) {}

  private addParents(path: string): void {
    const parts = path.split('/').slice(1, -1);
    for (let i = 1; i <= parts.length; i++) this.expected.set(`/${parts.slice(0, i).join('/')}`, 'dir');
  }

  bytes(path: string, content: Uint8Array): this {
    this.files.push({ path, size: content.length, source: { kind: 'bytes', bytes: content } });
    this.addParents(path);
    this.expected.set(path, sha256(content));
    return this;
  }

  file(path: string, content: Uint8Array): this {
    const real = join(this.dir, `f${this.files.length}`);
    mkdirSync(dirname(real), { recursive: true });
    writeFileSync(real, content);
    this.files.push({ path, size: content.length, source: { kind: 'file', path: real } });
    this.addParents(path);
    this.expected.set(path, sha256(content));
    this.sources.set(path, real);
    return this;
  }

  /** A sparse source of `size` bytes holding `chunks` at their offsets, the rest holes. */
  sparse(path: string, size: number, chunks: readonly { offset: number; data: Uint8Array }[], o: { hash?: boolean } = {}): this {
    const real = join(this.dir, `s${this.files.length}`);
    mkdirSync(dirname(real), { recursive: true });
    const fd = openSync(real, 'w');
    ftruncateSync(fd, size);
    for (const c of chunks) writeSync(fd, c.data, 0, c.data.length, c.offset);
    closeSync(fd);
    const dataRanges = chunks.map((c) => ({ offset: c.offset, length: c.data.length }));
    this.files.push({ path, size, source: { kind: 'file', path: real }, dataRanges });
    this.addParents(path);
    // hashing gigabytes of zeros takes seconds: large sparse tests read back ranges instead
    this.expected.set(path, o.hash === false ? '(not hashed)' : sparseHash(size, chunks));
    this.sources.set(path, real);
    return this;
  }

  emptyDir(path: string): this {
    this.dirs.push(path);
    this.addParents(`${path}/x`);
    return this;
  }

  build(): Sample {
    return { files: this.files, dirs: this.dirs, expected: this.expected, sources: this.sources };
  }
}

/** sha256 of a sparse file without materialising it (zeros streamed in 1 MiB pieces). */
export function sparseHash(size: number, chunks: readonly { offset: number; data: Uint8Array }[]): string {
  const h = createHash('sha256');
  const zero = Buffer.alloc(1 << 20);
  let at = 0;
  const zeros = (to: number): void => {
    while (at < to) {
      const n = Math.min(zero.length, to - at);
      h.update(zero.subarray(0, n));
      at += n;
    }
  };
  for (const c of [...chunks].sort((a, b) => a.offset - b.offset)) {
    zeros(c.offset);
    h.update(c.data);
    at += c.data.length;
  }
  zeros(size);
  return h.digest('hex');
}


/** The standard tree most volume tests use. */
export function standardSample(dir: string, o: { many?: number; bigBytes?: number } = {}): Sample {
  const s = new SampleBuilder(dir);
  const enc = new TextEncoder();
  s.bytes('/readme.txt', enc.encode('bootgen NTFS\n'))
    .bytes('/empty.bin', new Uint8Array(0))
    // its own 8.3 form: one Win32&DOS name
    .bytes('/UPPER.TXT', enc.encode('upper\n'))
    .bytes('/docs/Ünïcödé – 日本語 ✓.txt', enc.encode('unicode\n'))
    .bytes('/docs/resident-max.bin', noise(600, 3))
    .bytes('/docs/in-memory-large.bin', noise(5000, 4))
    .file('/deep/a/b/c/d/e/f/g/h/leaf.txt', enc.encode('deep\n'))
    .file('/big/one-mib.bin', noise(o.bigBytes ?? (1 << 20) + 123, 5))
    .file('/big/odd.bin', noise(4097, 6))
    .file('/big/tiny-from-file.txt', enc.encode('x'))
    // from a file and under ~220 bytes: resident, streamed into the MFT; 300 bytes: one cluster
    .file('/big/r200.bin', noise(200, 9))
    .file('/big/r300.bin', noise(300, 10))
    .sparse('/big/sparse.bin', 40 << 20, [{ offset: 0, data: noise(8192, 7) }, { offset: 20 << 20, data: noise(4096 * 3, 8) }])
    .emptyDir('/empty-dir');
  for (let i = 0; i < (o.many ?? 0); i++) s.bytes(`/many/file_${String(i).padStart(4, '0')}.txt`, enc.encode(`file ${i}\n`));
  return s.build();
}
