// The verified trees' file access (TreePort, app/server-ports.ts): a tree walked without following
// symlinked directories (no loops, nothing outside), and SHA-256 streamed in 1 MiB reads, so a
// multi-gigabyte image costs no memory. A FIFO or device is never opened for hashing.
import { createHash } from 'node:crypto';
import { constants, promises as fsp, readdirSync, statSync, type Dirent } from 'node:fs';
import { join } from 'node:path';
import type { FileKind } from '../app/ports.js';
import type { TreeFile, TreePort } from '../app/server-ports.js';

function kindOf(d: Dirent, full: string): FileKind | 'directory' {
  if (d.isDirectory()) return 'directory';
  if (d.isFile()) return 'file';
  if (d.isSymbolicLink()) {
    const s = statSync(full, { throwIfNoEntry: false });
    return s?.isFile() ? 'file' : 'other';
  }
  if (d.isFIFO()) return 'fifo';
  if (d.isSocket()) return 'socket';
  if (d.isBlockDevice()) return 'block device';
  if (d.isCharacterDevice()) return 'character device';
  return 'other';
}

function walk(dir: string, prefix = ''): TreeFile[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(join(dir, prefix), { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((d): TreeFile[] => {
    const path = prefix ? `${prefix}/${d.name}` : d.name;
    const kind = kindOf(d, join(dir, path));
    return kind === 'directory' ? walk(dir, path) : [{ path, kind }];
  });
}

async function sha256(path: string): Promise<string | undefined> {
  let file: fsp.FileHandle | undefined;
  try {
    file = await fsp.open(path, constants.O_RDONLY | constants.O_NONBLOCK);
    if (!(await file.stat()).isFile()) return undefined;
    const hash = createHash('sha256');
    for await (const chunk of file.createReadStream({ highWaterMark: 2 ** 20, autoClose: false })) hash.update(chunk as Buffer);
    return hash.digest('hex');
  } catch {
    return undefined;
  } finally {
    await file?.close();
  }
}

export const nodeTree: TreePort = {
  walk: (dir) => walk(dir).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
  sha256,
};
