// Writes planned artifacts into an open out dir and returns what `build --json` reports for each.
import { createHash } from 'node:crypto';
import type { Artifact } from '../targets/types.js';
import type { OutDirWriter } from './out-dir-writer.js';

export interface WrittenArtifact {
  readonly kind: string;
  /** relative to the out dir, POSIX separators */
  readonly path: string;
  readonly bytes: number;
  readonly sha256: string;
}

export type Progress = (done: number, total: number, label: string) => void;

export function emitArtifacts(artifacts: readonly Artifact[], writer: OutDirWriter, progress?: Progress): WrittenArtifact[] {
  return artifacts.map((a, i) => {
    const bytes = typeof a.content === 'string' ? Buffer.from(a.content, 'utf8') : a.content;
    writer.writeFile(a.path, bytes, a.kind === 'hook' ? { mode: 0o755 } : {});
    progress?.(i + 1, artifacts.length, a.path);
    return { kind: a.kind, path: a.path, bytes: bytes.byteLength, sha256: createHash('sha256').update(bytes).digest('hex') };
  });
}
