// The atomic out dir (DESIGN.md "Output contract"): everything is built in a sibling temp dir,
// then the old dir is renamed away, the new one renamed in, and the old one deleted. On any
// error or interrupt (the caller aborts the writer) the temp dir is removed and the previous out
// dir is left as it was.
import { chmodSync, copyFileSync, existsSync, linkSync, readdirSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, posix, resolve } from 'node:path';
import { diag } from '../diagnostics/diagnostic.js';
import { BootgenError, ExitCode, InternalError } from '../diagnostics/errors.js';
import { errnoInWords, errnoOf, makeDirs, refusePseudoFs, WRITE_FAILED } from './fs-failure.js';

export interface OutDirWriter {
  /** absolute path of the out dir being replaced */
  readonly outDir: string;
  /** writes a whole file (relPath is POSIX, relative to the out dir) */
  writeFile(relPath: string, content: string | Uint8Array, options?: FileOptions): void;
  /** absolute path in the temp dir for a streaming writer; parent dirs are created */
  path(relPath: string, options?: FileOptions): string;
  /** brings files of the previous out dir over unchanged (hard links, else copies) */
  carryOver(relPaths: readonly string[]): void;
  /** every file of the previous out dir (POSIX, relative), but the marker */
  previousFiles(): readonly string[];
  /** fixes modes and mtimes, then swaps the temp dir in; the writer is closed afterwards */
  commit(): void;
  /** removes the temp dir; the old out dir stays untouched. Safe to call twice or after commit. */
  abort(): void;
}

export interface FileOptions {
  /** default 0o644; 0o755 for scripts */
  readonly mode?: number;
}

/** Written into every out dir so bootgen never replaces a directory it did not make. */
export const OUT_DIR_MARKER = '.bootgen-out';

export function openOutDir(outDir: string, options: { epoch: number }): OutDirWriter {
  const out = resolve(outDir);
  refusePseudoFs(out, outDir);
  fsStep(outDir, 'inspect', () => checkReplaceable(out, outDir));
  const tag = `${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  const temp = join(dirname(out), `.${basename(out)}.tmp-${tag}`);
  // the parent must exist (a typo in -o is not silently made into a tree); made without recursion
  fsStep(outDir, 'create the temp dir beside', () => makeDirs(temp, { parents: false }));
  const modes = new Map<string, number>();
  let state: 'open' | 'committed' | 'aborted' = 'open';

  const place = (relPath: string, o: FileOptions | undefined): string => {
    if (state !== 'open') throw new InternalError(`out dir writer used after ${state}`);
    const rel = checkRelPath(relPath);
    if (modes.has(rel)) throw new InternalError(`two artifacts write ${rel}`);
    modes.set(rel, o?.mode ?? 0o644);
    const full = join(temp, rel);
    fsStep(outDir, `make the directory of ${rel} in`, () => makeDirs(dirname(full)));
    return full;
  };
  const writer: OutDirWriter = {
    outDir: out,
    writeFile(relPath, content, o) {
      const full = place(relPath, o);
      fsStep(outDir, `write ${relPath} in`, () => writeFileSync(full, content));
    },
    path: (relPath, o) => place(relPath, o),
    carryOver(relPaths) {
      for (const rel of relPaths) {
        const from = join(out, rel);
        const mode = fsStep(outDir, `read ${rel} of the previous`, () => statSync(from).mode & 0o777);
        const full = place(rel, { mode });
        fsStep(outDir, `carry ${rel} over into`, () => {
          try {
            linkSync(from, full);
          } catch {
            copyFileSync(from, full);
          }
        });
      }
    },
    previousFiles: () => (existsSync(join(out, OUT_DIR_MARKER)) ? listFiles(out).filter((f) => f !== OUT_DIR_MARKER) : []),
    commit() {
      if (state !== 'open') throw new InternalError(`commit after ${state}`);
      try {
        fsStep(outDir, 'finish', () => {
          writeFileSync(join(temp, OUT_DIR_MARKER), 'made by bootgen; replaced whole by `bootgen build`\n');
          modes.set(OUT_DIR_MARKER, 0o644);
          normalise(temp, modes, options.epoch);
        });
        swap(temp, out, tag, outDir);
        state = 'committed';
      } catch (e) {
        writer.abort();
        throw e;
      }
    },
    abort() {
      if (state === 'open') state = 'aborted';
      if (state === 'aborted') {
        try {
          rmSync(temp, { recursive: true, force: true });
        } catch {
          // nothing was made (a read-only or pseudo file system), or the device is gone: nothing to undo
        }
      }
    },
  };
  return writer;
}

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => posix.join(...join(e.parentPath, e.name).slice(dir.length + 1).split('/')))
    .sort();
}

/** Refuse a path that is a file, or a non-empty directory bootgen did not make (`-o .`, `-o ~`). */
function checkReplaceable(out: string, given: string): void {
  if (!existsSync(out)) return;
  const st = statSync(out);
  const ours = st.isDirectory() && (readdirSync(out).length === 0 || existsSync(join(out, OUT_DIR_MARKER)));
  if (ours) return;
  throw new BootgenError([
    diag('env/out-dir-not-bootgen', 'error', `refusing to replace ${given}: it ${st.isDirectory() ? 'was not made by bootgen' : 'is not a directory'}`, {
      expected: `a new path, an empty directory, or an out dir from an earlier build (it holds ${OUT_DIR_MARKER})`,
      found: st.isDirectory() ? `a directory with other files` : 'a file',
      hint: 'choose another -o, or remove it yourself',
      origin: { file: given },
    }),
  ], ExitCode.environment);
}

function checkRelPath(relPath: string): string {
  const rel = posix.normalize(relPath);
  if (rel !== relPath || rel.startsWith('/') || rel.startsWith('../') || rel === '..' || rel === '.' || rel.includes('\\') || rel === OUT_DIR_MARKER) {
    throw new InternalError(`artifact path ${JSON.stringify(relPath)} is not a clean relative path`);
  }
  return rel;
}

/** Deterministic modes and mtimes: files as recorded, directories 0755, all at the site epoch. */
function normalise(temp: string, modes: ReadonlyMap<string, number>, epoch: number): void {
  const dirs = new Set<string>(['.']);
  for (const [rel, mode] of modes) {
    const full = join(temp, rel);
    chmodSync(full, mode);
    utimesSync(full, epoch, epoch);
    for (let d = posix.dirname(rel); d !== '.'; d = posix.dirname(d)) dirs.add(d);
  }
  // Deepest first: touching a child never changes its parent's mtime after we set it.
  for (const d of [...dirs].sort((a, b) => b.split('/').length - a.split('/').length)) {
    const full = join(temp, d);
    chmodSync(full, 0o755);
    utimesSync(full, epoch, epoch);
  }
}

function swap(temp: string, out: string, tag: string, given: string): void {
  const old = join(dirname(out), `.${basename(out)}.old-${tag}`);
  const hadOld = existsSync(out);
  if (hadOld) fsStep(given, 'move aside the old', () => renameSync(out, old));
  try {
    fsStep(given, 'move in the new', () => renameSync(temp, out));
  } catch (e) {
    if (hadOld) renameSync(old, out);
    throw e;
  }
  if (hadOld) rmSync(old, { recursive: true, force: true });
}

function fsStep<T>(given: string, what: string, step: () => T): T {
  try {
    return step();
  } catch (e) {
    if (e instanceof BootgenError || e instanceof InternalError) throw e;
    throw new BootgenError([
      diag(WRITE_FAILED, 'error', `cannot ${what} out dir ${given}: ${errnoInWords(e)}`, {
        expected: 'a writable directory with free space',
        found: errnoOf(e) ?? String(e),
        origin: { file: given },
      }),
    ], ExitCode.environment);
  }
}
