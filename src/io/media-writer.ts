// Writes a planned medium to disk: sparse, streamed, with progress; returns size and SHA-256.
import { dirname } from 'node:path';
import { mkdirSync } from 'node:fs';
import type { MediaLayout } from '../media/types.js';
import { writeSparseFile, type WriteProgress } from './sparse-file.js';

export interface WrittenMedium {
  readonly kind: MediaLayout['kind'];
  readonly path: string;
  readonly bytes: number;
  readonly bytesWritten: number;
  /** '' when not asked for */
  readonly sha256: string;
}

export interface WriteMediaOptions {
  readonly progress?: WriteProgress;
  /** hash the whole image (holes as zeros) for `build --json`; default true */
  readonly sha256?: boolean;
}

export function writeMedia(layout: MediaLayout, path: string, options: WriteMediaOptions = {}): WrittenMedium {
  mkdirSync(dirname(path), { recursive: true });
  const r = writeSparseFile(path, layout.sizeBytes, layout.extents, { sha256: options.sha256 ?? true, ...(options.progress ? { progress: options.progress } : {}) });
  return { kind: layout.kind, path, bytes: r.sizeBytes, bytesWritten: r.bytesWritten, sha256: r.sha256 ?? '' };
}
