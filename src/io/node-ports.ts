// The real ports (app/ports.ts) over node:fs and node:child_process: each member only adapts.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync, realpathSync, statfsSync, statSync, type Stats } from 'node:fs';
import { delimiter, isAbsolute, join } from 'node:path';
import type { FileKind, FilesPort, PathStat, Ports, ProcessPort } from '../app/ports.js';
import { copyRanges } from './copy-ranges.js';
import { makeDirs, refusePseudoFs, writeStep } from './fs-failure.js';
import { dataRanges } from './data-ranges.js';
import { fdReadAt } from './fd-read-at.js';
import { runGrubMkimage } from './grub-mkimage.js';
import { nodeFileSource, writeImageLayout } from './image-files.js';
import { loadTemplates } from './load-templates.js';
import { openOutDir } from './out-dir-writer.js';
import { runPlan } from './overlay-runner.js';
import { nodeLocks } from './dir-lock.js';
import { readManifest } from './read-manifest.js';
import { writeSparseFile } from './sparse-file.js';
import { writeNewFiles } from './write-new-files.js';

function kindOf(s: Stats): FileKind {
  if (s.isFile()) return 'file';
  if (s.isDirectory()) return 'directory';
  if (s.isFIFO()) return 'fifo';
  if (s.isSocket()) return 'socket';
  if (s.isBlockDevice()) return 'block device';
  if (s.isCharacterDevice()) return 'character device';
  return 'other';
}

export const nodeFiles: FilesPort = {
  stat(path) {
    try {
      const s = statSync(path, { throwIfNoEntry: false });
      if (!s) return undefined;
      const st: PathStat = { kind: kindOf(s), size: s.size, mode: s.mode & 0o7777, blocks: s.blocks, mtimeMs: s.mtimeMs };
      return st;
    } catch {
      return undefined;
    }
  },
  readFile: (path) => new Uint8Array(readFileSync(path)),
  readText(path) {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  },
  list(dir) {
    try {
      return readdirSync(dir).sort();
    } catch {
      return [];
    }
  },
  realpath(path) {
    try {
      return realpathSync(path);
    } catch {
      return undefined;
    }
  },
  openReadAt(path) {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return undefined;
    }
    return { ...fdReadAt(fd), close: () => closeSync(fd) };
  },
  diskSpace(dir) {
    try {
      const s = statfsSync(dir);
      return { freeBytes: s.bavail * s.bsize, sizeBytes: s.blocks * s.bsize };
    } catch {
      return undefined;
    }
  },
  mounts: () => (existsSync('/proc/self/mounts') ? readFileSync('/proc/self/mounts', 'utf8') : ''),
  dataRanges(path) {
    try {
      return dataRanges(path);
    } catch {
      return undefined;
    }
  },
};

const SBIN = ['/usr/local/sbin', '/usr/sbin', '/sbin', '/usr/bin', '/bin'];

export const nodeProcesses: ProcessPort = {
  which(name) {
    // an absolute path (the node binary that runs serve's HTTP child) names itself
    if (isAbsolute(name)) return existsSync(name) ? name : undefined;
    for (const dir of [...(process.env.PATH ?? '').split(delimiter), ...SBIN]) {
      if (!dir) continue;
      const p = join(dir, name);
      if (existsSync(p)) return p;
    }
    return undefined;
  },
  run(argv, options = {}) {
    const [cmd, ...args] = argv;
    const r = spawnSync(cmd ?? '', args, { encoding: 'utf8', timeout: options.timeoutMs ?? 10_000, stdio: ['ignore', 'pipe', 'pipe'] });
    return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', ...(r.error ? { error: r.error.message } : {}) };
  },
  pidAlive(pidFile) {
    try {
      const pid = Number(readFileSync(pidFile, 'utf8').trim());
      if (!Number.isInteger(pid) || pid <= 0) return false;
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  },
};

export function nodePorts(): Ports {
  return {
    files: nodeFiles,
    images: nodeFileSource(),
    proc: nodeProcesses,
    tools: { grubMkimage: runGrubMkimage },
    out: {
      openOutDir,
      writeExtents(dest, sizeBytes, extents, options = {}) {
        const r = writeSparseFile(dest, sizeBytes, extents, { sha256: options.hash ?? true, ...(options.progress ? { progress: options.progress } : {}) });
        return { bytes: r.sizeBytes, sha256: r.sha256 ?? '' };
      },
      copyRanges,
      writeImageLayout,
      writeNewFiles,
      ensureDir(path) {
        refusePseudoFs(path);
        writeStep(path, 'create the directory', () => makeDirs(path));
      },
    },
    plans: { run: runPlan },
    locks: nodeLocks,
    readManifest,
    loadTemplates: (userDir) => loadTemplates({ userDir }),
  };
}
