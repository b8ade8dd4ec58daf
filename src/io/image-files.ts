// The file-system side of image chains: a FileSource over node:fs with bounded reads, and the
// sparse writer behind `bootgen image create` (only the layout's extents are written).
import { constants, promises as fs } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FileSource, FileStat, OpenFile } from '../chain/types.js';
import type { ImageLayout } from '../formats/image-header.js';

/** Largest single read a reader may ask for; readers ask for far less. */
const MAX_READ = 4 * 1024 * 1024;

export function nodeFileSource(): FileSource {
  return {
    stat: async (path) => {
      try {
        const s = await fs.stat(path, { bigint: true });
        const st: FileStat = { dev: Number(s.dev), ino: Number(s.ino), size: Number(s.size), mtime: Number(s.mtimeMs) / 1000, isFile: s.isFile() };
        return st;
      } catch {
        return undefined;
      }
    },
    realpath: async (path) => fs.realpath(path).catch(() => undefined),
    open: async (path) => openReadAt(path),
    list: async (dir) => fs.readdir(dir).catch(() => []),
  };
}

async function openReadAt(path: string): Promise<OpenFile> {
  const handle = await fs.open(path, constants.O_RDONLY);
  const size = Number((await handle.stat({ bigint: true })).size);
  return {
    size,
    read: async (offset, length) => {
      const want = Math.max(0, Math.min(length, MAX_READ, size - offset));
      const buf = new Uint8Array(want);
      let done = 0;
      while (done < want) {
        const { bytesRead } = await handle.read(buf, done, want - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done === want ? buf : buf.subarray(0, done);
    },
    close: () => handle.close(),
  };
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
