// The file-system side of image chains: a FileSource over node:fs with bounded reads, and the
// sparse writer behind `bootgen image create` (only the layout's extents are written).
import { closeSync, constants, openSync, promises as fs, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FileSource, FileStat, ImageLayout, OpenFile } from '../app/ports.js';
import { fdReadAt } from './fd-read-at.js';

/** Largest single read a reader may ask for; readers ask for far less. */
const MAX_READ = 4 * 1024 * 1024;

/**
 * Synchronous calls behind a Promise interface: header reads are a few small preads per image, and
 * libuv's thread-pool round trip costs more than the read itself (bench/chain.bench.js).
 */
export function nodeFileSource(): FileSource {
  return {
    stat: async (path) => {
      const s = statSync(path, { bigint: true, throwIfNoEntry: false });
      if (!s) return undefined;
      const st: FileStat = { dev: Number(s.dev), ino: Number(s.ino), size: Number(s.size), mtime: Number(s.mtimeMs) / 1000, isFile: s.isFile() };
      return st;
    },
    realpath: async (path) => {
      try {
        return realpathSync(path);
      } catch {
        return undefined;
      }
    },
    open: async (path) => openReadAt(path),
    list: async (dir) => {
      try {
        return readdirSync(dir);
      } catch {
        return [];
      }
    },
  };
}

function openReadAt(path: string): OpenFile {
  const fd = openSync(path, constants.O_RDONLY);
  return { ...fdReadAt(fd, { maxRead: MAX_READ }), close: async () => closeSync(fd) };
}

/**
 * Writes a layout as a sparse file: truncate to size, write only the extents. Refuses to replace
 * an existing file unless `overwrite`; writes beside the target and renames, so a failure leaves nothing.
 */
export async function writeImageLayout(path: string, layout: ImageLayout, options: { overwrite?: boolean; mtime?: number } = {}): Promise<void> {
  if (!options.overwrite && (await exists(path))) {
    throw Object.assign(new Error(`${path} already exists`), { code: 'EEXIST' });
  }
  const tmp = join(dirname(path), `.${Date.now().toString(36)}-${process.pid}.partial`);
  const handle = await fs.open(tmp, 'wx');
  try {
    await handle.truncate(layout.size);
    for (const e of layout.extents) await handle.write(e.bytes, 0, e.bytes.byteLength, e.offset);
    await handle.sync();
  } catch (e) {
    await handle.close();
    await fs.rm(tmp, { force: true });
    throw e;
  }
  await handle.close();
  if (options.mtime !== undefined) await fs.utimes(tmp, options.mtime, options.mtime);
  await fs.rename(tmp, path);
}

async function exists(path: string): Promise<boolean> {
  return fs.access(path).then(
    () => true,
    () => false,
  );
}
