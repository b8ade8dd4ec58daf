// `bootgen verify DIR`: a deployed tree against its SHA256SUMS (net/tree-sums.ts). Every listed
// file is hashed again, streamed through the TreePort; every changed, missing and unlisted file is
// one finding, so a tree edited behind bootgen's back is never served (issue 10: `serve` verifies
// at start and after every rebuild with this same function).
import { join } from 'node:path';
import { diag, type Diagnostic, type Result } from '../diagnostics/diagnostic.js';
import { comparePaths, parseSums, SUMS_FILE, type SumEntry } from '../net/tree-sums.js';
import type { FilesPort } from './ports.js';
import type { TreePort } from './server-ports.js';

export interface VerifyReport {
  readonly dir: string;
  /** files SHA256SUMS lists */
  readonly listed: number;
  /** listed files whose bytes match */
  readonly intact: number;
  readonly modified: readonly string[];
  readonly missing: readonly string[];
  readonly unlisted: readonly string[];
  /** listed files that are symlinks out of the tree: the HTTP server refuses them (403) */
  readonly outside: readonly string[];
}

export interface VerifyPorts {
  readonly files: FilesPort;
  readonly tree: TreePort;
}

/** Files hashed at once: enough to overlap reads, few enough to keep the disk sequential. */
const PARALLEL = 4;

type Check =
  | { readonly path: string; readonly state: 'intact' }
  | { readonly path: string; readonly state: 'missing' }
  | { readonly path: string; readonly state: 'outside'; readonly real: string }
  | { readonly path: string; readonly state: 'modified'; readonly found: string };

/** undefined value when DIR is not a directory or has no readable SHA256SUMS (the diagnostics say which). */
export async function verifyTree(dir: string, ports: VerifyPorts): Promise<Result<VerifyReport | undefined>> {
  if (ports.files.stat(dir)?.kind !== 'directory') {
    return { value: undefined, diagnostics: [diag('cli/not-a-directory', 'error', `${dir} is not a directory`, { expected: 'a deployed tree holding SHA256SUMS', origin: { file: dir } })] };
  }
  const sumsFile = join(dir, SUMS_FILE);
  const text = ports.files.stat(sumsFile)?.kind === 'file' ? ports.files.readText(sumsFile) : undefined;
  if (text === undefined) {
    return { value: undefined, diagnostics: [diag('net/tree-no-sums', 'error', `${dir} has no readable ${SUMS_FILE}; nothing can be verified`, { hint: '`bootgen build` writes pxe/SHA256SUMS; deploy the whole pxe/ tree', origin: { file: sumsFile } })] };
  }
  const parsed = parseSums(text, sumsFile);
  const realDir = ports.files.realpath(dir) ?? dir;
  const checks = await inBatches(parsed.value, (e) => check(dir, realDir, e, ports));
  const listed = new Set(parsed.value.map((e) => e.path));
  const unlisted = ports.tree.walk(dir).map((f) => f.path).filter((p) => p !== SUMS_FILE && !listed.has(p)).sort(comparePaths);
  const byPath = [...checks].sort((a, b) => comparePaths(a.path, b.path));
  const diagnostics: Diagnostic[] = [...parsed.diagnostics, ...byPath.flatMap((c) => finding(dir, c, parsed.value)), ...unlisted.map((p) => unlistedFinding(dir, p))];
  const paths = (state: Check['state']): string[] => byPath.filter((c) => c.state === state).map((c) => c.path);
  return { value: { dir, listed: parsed.value.length, intact: paths('intact').length, modified: paths('modified'), missing: paths('missing'), unlisted, outside: paths('outside') }, diagnostics };
}

async function check(dir: string, realDir: string, entry: SumEntry, ports: VerifyPorts): Promise<Check> {
  const full = join(dir, entry.path);
  const st = ports.files.stat(full);
  if (st === undefined) return { path: entry.path, state: 'missing' };
  if (st.kind !== 'file') return { path: entry.path, state: 'modified', found: `a ${st.kind}` };
  const real = ports.files.realpath(full) ?? full;
  if (!real.startsWith(realDir.endsWith('/') ? realDir : `${realDir}/`)) return { path: entry.path, state: 'outside', real };
  const sha256 = await ports.tree.sha256(full);
  if (sha256 === undefined) return { path: entry.path, state: 'modified', found: 'unreadable' };
  return sha256 === entry.sha256 ? { path: entry.path, state: 'intact' } : { path: entry.path, state: 'modified', found: sha256 };
}

async function inBatches<T, R>(items: readonly T[], f: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += PARALLEL) out.push(...(await Promise.all(items.slice(i, i + PARALLEL).map(f))));
  return out;
}

function finding(dir: string, c: Check, entries: readonly SumEntry[]): Diagnostic[] {
  const origin = { file: join(dir, c.path) };
  if (c.state === 'missing') return [diag('net/tree-missing-file', 'error', `${c.path} is listed in ${SUMS_FILE} and missing`, { origin })];
  if (c.state === 'intact') return [];
  if (c.state === 'outside') {
    return [diag('net/tree-link-outside', 'error', `${c.path} is a symlink out of the tree, to ${c.real}`, { hint: 'the HTTP server serves nothing outside its root (403); copy the file into the tree', origin })];
  }
  const expected = entries.find((e) => e.path === c.path)?.sha256 ?? '';
  return [diag('net/tree-modified', 'error', `${c.path} differs from ${SUMS_FILE}`, { expected: `sha256 ${expected}`, found: /^[0-9a-f]{64}$/.test(c.found) ? `sha256 ${c.found}` : c.found, hint: 'rebuild and redeploy the tree; never edit a deployed tree in place', origin })];
}

function unlistedFinding(dir: string, path: string): Diagnostic {
  return diag('net/tree-unlisted-file', 'error', `${path} is in the tree and not in ${SUMS_FILE}`, { hint: 'a file added behind bootgen\'s back; remove it or rebuild', origin: { file: join(dir, path) } });
}
