// Where a file's data is (its holes are skipped): lseek SEEK_DATA/SEEK_HOLE through bootgen's own
// native helper (native/data-ranges.c, built by `npm ci`). Without it, or on a file system that
// cannot say, the whole file counts as data: correct, only slower on sparse payloads.
import { closeSync, fstatSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ByteRange } from '../binary/extent.js';

interface Native {
  dataRanges(fd: number, size: number): number[];
}

function loadNative(): Native | undefined {
  try {
    // two levels up from src/io/ and from dist/io/ alike
    return createRequire(import.meta.url)('../../build/Release/bootgen_native.node') as Native;
  } catch {
    return undefined;
  }
}

const native = loadNative();

/** Whether holes can be found (tests require it in CI). */
export const holesDetectable = (): boolean => native !== undefined;

export function fdDataRanges(fd: number, size: number): ByteRange[] {
  if (!native) return size > 0 ? [{ offset: 0, length: size }] : [];
  try {
    const flat = native.dataRanges(fd, size);
    const out: ByteRange[] = [];
    for (let i = 0; i + 1 < flat.length; i += 2) out.push({ offset: flat[i] ?? 0, length: flat[i + 1] ?? 0 });
    return out;
  } catch {
    return size > 0 ? [{ offset: 0, length: size }] : [];
  }
}

/** The data ranges of a file; all of it when they cannot be found. */
export function dataRanges(path: string): ByteRange[] {
  const fd = openSync(path, 'r');
  try {
    return fdDataRanges(fd, fstatSync(fd).size);
  } finally {
    closeSync(fd);
  }
}
