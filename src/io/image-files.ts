// The file-system side of image chains: a FileSource over node:fs with bounded reads, and the
// sparse writer behind `bootgen image create` (only the layout's extents are written).
import { closeSync, constants, fstatSync, openSync, promises as fs, readdirSync, realpathSync, statSync, type BigIntStats, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import type { FileSource, FileStat, ImageLayout, OpenFile } from '../app/ports.js';
import { fdReadAt } from './fd-read-at.js';
import { errnoOf, refusePseudoFs, writeFailure } from './fs-failure.js';

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
      const st: FileStat = { dev: Number(s.dev), ino: Number(s.ino), size: Number(s.size), mtime: Number(s.mtimeMs) / 1000, isFile: s.isFile(), ...(s.isFile() ? {} : { kind: kindOf(s) }) };
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

/** Opens without blocking (a FIFO would wait for a writer forever) and refuses what is not a regular file. */
function openReadAt(path: string): OpenFile {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const st = fstatSync(fd);
  if (!st.isFile()) {
    closeSync(fd);
    throw Object.assign(new Error(`${path} is not a regular file (${kindOf(st)})`), { code: 'ENOTREG' });
  }
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
  refusePseudoFs(path);
  const tmp = join(dirname(path), `.${Date.now().toString(36)}-${process.pid}.partial`);
  // a failed write (ENOSPC, EROFS, EIO, a missing directory) is exit 3 naming the file; nothing is left behind
  const handle = await fs.open(tmp, 'wx').catch((e: unknown) => {
    throw writeFailure(path, 'create', e);
  });
  try {
    await handle.truncate(layout.size);
    for (const e of layout.extents) await handle.write(e.bytes, 0, e.bytes.byteLength, e.offset);
    await handle.sync();
    await handle.close();
    if (options.mtime !== undefined) await fs.utimes(tmp, options.mtime, options.mtime);
    await fs.rename(tmp, path);
  } catch (e) {
    await handle.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw errnoOf(e) === undefined ? e : writeFailure(path, 'write', e);
  }
}

function kindOf(st: Stats | BigIntStats): string {
  if (st.isFIFO()) return 'a FIFO';
  if (st.isSocket()) return 'a socket';
  if (st.isDirectory()) return 'a directory';
  if (st.isBlockDevice()) return 'a block device';
  if (st.isCharacterDevice()) return 'a character device';
  return 'something else';
}

async function exists(path: string): Promise<boolean> {
  return fs.access(path).then(
    () => true,
    () => false,
  );
}
