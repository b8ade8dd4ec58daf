// One way every writer of output (the out dir, the sparse medium writer, `image create`, `init`)
// reports a failed write: exit 3 (env/out-dir-write-failed), the path, the errno and what it means
// in words, no stack. Also the two checks that keep a write from looping or half-happening: no
// output under a pseudo file system (/proc, /sys: Node's recursive mkdir loops forever on /proc's
// ENOENT), and directories made one level at a time so a missing parent is an error, not a hang.
import { mkdirSync, statfsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { diag } from '../diagnostics/diagnostic.js';
import { BootgenError, ExitCode, InternalError } from '../diagnostics/errors.js';

export const WRITE_FAILED = 'env/out-dir-write-failed';

const MEANING: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is exceeded',
  EIO: 'an input/output error (the device failed)',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'the operation is not permitted',
  ENOENT: 'a parent directory does not exist',
  ENOTDIR: 'a parent is not a directory',
  EISDIR: 'it is a directory',
  EEXIST: 'something is already there',
  EFBIG: 'the file is too large for the file system',
  EMFILE: 'too many open files',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EXDEV: 'it is on another file system',
  ENOTEMPTY: 'the directory is not empty',
  EBUSY: 'the device or file is busy',
};

export function errnoOf(e: unknown): string | undefined {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}

/** 'no space left on the device (ENOSPC)', or the error's own message when it has no errno. */
export function errnoInWords(e: unknown): string {
  const code = errnoOf(e);
  if (code === undefined) return e instanceof Error ? e.message : String(e);
  return `${MEANING[code] ?? 'the system refused'} (${code})`;
}

/** The exit-3 error for a failed write of `path`; `what` says which step ('write', 'create'). */
export function writeFailure(path: string, what: string, e: unknown, hint?: string): BootgenError {
  // a file in an out dir's temp dir (io/out-dir-writer.ts) is named as the user knows it: in the out dir
  const shown = path.replace(/\/\.([^/]+)\.tmp-\d+-[a-z0-9]+(?=\/|$)/, '/$1');
  return new BootgenError([
    diag(WRITE_FAILED, 'error', `cannot ${what} ${shown}: ${errnoInWords(e)}`, {
      expected: 'a writable directory with free space',
      found: errnoOf(e) ?? 'an error',
      ...(hint !== undefined ? { hint } : {}),
      origin: { file: shown },
    }),
  ], ExitCode.environment);
}

/** Runs a write step; an fs error becomes writeFailure (our own errors pass through). */
export function writeStep<T>(path: string, what: string, step: () => T): T {
  try {
    return step();
  } catch (e) {
    if (e instanceof BootgenError || e instanceof InternalError) throw e;
    throw writeFailure(path, what, e);
  }
}

// statfs f_type of the kernel's pseudo file systems: nothing bootgen writes belongs there
const PSEUDO: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
  [0x63677270, 'cgroup2'],
  [0x27e0eb, 'cgroup'],
  [0x64626720, 'debugfs'],
  [0x74726163, 'tracefs'],
  [0x73636673, 'securityfs'],
  [0xcafe4a11, 'bpf'],
  [0x6165676c, 'pstore'],
  [0xde5e81e4, 'efivarfs'],
  [0x42494e4d, 'binfmt_misc'],
  [0x1cd1, 'devpts'],
  [0x50495045, 'pipefs'],
  [0x62646576, 'bdev'],
]);

/** The nearest existing ancestor of `path` (itself when it exists). */
function existingAncestor(path: string): string {
  let d = resolve(path);
  while (statSync(d, { throwIfNoEntry: false }) === undefined && dirname(d) !== d) d = dirname(d);
  return d;
}

/** Refuses output under /proc, /sys and the like (exit 3), before anything is made there. */
export function refusePseudoFs(path: string, given = path): void {
  let type: number | undefined;
  try {
    type = statfsSync(existingAncestor(path)).type;
  } catch {
    return; // cannot tell; the write itself reports what goes wrong
  }
  const name = PSEUDO.get(type);
  if (name === undefined) return;
  throw new BootgenError([
    diag(WRITE_FAILED, 'error', `cannot write ${given}: it is on the kernel's ${name} pseudo file system, which holds no files of ours`, {
      expected: 'a directory on a disk file system',
      found: `a ${name} file system`,
      hint: 'choose another output path',
      origin: { file: given },
    }),
  ], ExitCode.environment);
}

/**
 * mkdir -p without Node's recursive mkdir (which loops on /proc): each missing level is made on
 * its own, so an ENOENT or EROFS surfaces at once. With `parents: false` the parent must exist.
 */
export function makeDirs(dir: string, options: { readonly parents?: boolean } = {}): void {
  const missing: string[] = [];
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (statSync(d, { throwIfNoEntry: false }) !== undefined) break;
    missing.push(d);
    if (dirname(d) === d || options.parents === false) break;
  }
  for (const d of missing.reverse()) mkdirSync(d);
}
