// SHA256SUMS of a PXE tree in GNU coreutils' format, so `sha256sum -c SHA256SUMS` in the tree
// checks it too: `<64 hex>  <path>` per line (two spaces: text mode; `*` for binary mode is read as
// well), sorted by the paths' UTF-8 bytes. A path holding a backslash, newline or carriage return
// is escaped as coreutils 9 does (digest.c): the line starts with `\` and the name has `\\`,
// `\n`, `\r`. Paths are relative and may not leave the tree: `bootgen verify` reads nothing else.
import { diag, type Diagnostic, type Result } from '../diagnostics/diagnostic.js';

export interface SumEntry {
  /** POSIX path relative to the tree's root */
  readonly path: string;
  /** lower-case hex */
  readonly sha256: string;
}

export const SUMS_FILE = 'SHA256SUMS';

const utf8 = new TextEncoder();

/** By UTF-8 bytes, as `LC_ALL=C sort` orders them. */
export function comparePaths(a: string, b: string): number {
  const x = utf8.encode(a);
  const y = utf8.encode(b);
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  }
  return x.length - y.length;
}

const needsEscape = (path: string): boolean => /[\\\n\r]/.test(path);
const escapeName = (path: string): string => path.replace(/[\\\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\n' ? '\\n' : '\\r'));

/** The SHA256SUMS text of the entries, sorted by path, one line each, ending in a newline. */
export function formatSums(entries: readonly SumEntry[]): string {
  return [...entries]
    .sort((a, b) => comparePaths(a.path, b.path))
    .map((e) => `${needsEscape(e.path) ? '\\' : ''}${e.sha256.toLowerCase()}  ${escapeName(e.path)}\n`)
    .join('');
}

const LINE = /^(\\?)([0-9a-fA-F]{64}) [ *](.+)$/s;

/** Why a path cannot name a file of the tree, or undefined when it can. */
export function unsafePath(path: string): string | undefined {
  if (path.startsWith('/')) return 'an absolute path';
  const segments = path.split('/');
  if (segments.some((s) => s === '..')) return 'a path with `..`';
  if (segments.some((s) => s === '' || s === '.')) return 'an empty or `.` path segment';
  if (path.includes('\0')) return 'a path with NUL';
  return undefined;
}

function unescapeName(name: string): string | undefined {
  let out = '';
  for (let i = 0; i < name.length; i++) {
    const c = name[i];
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = name[++i];
    if (next === '\\') out += '\\';
    else if (next === 'n') out += '\n';
    else if (next === 'r') out += '\r';
    else return undefined;
  }
  return out;
}

/**
 * SHA256SUMS text → entries in file order. A line that is not a checksum line, has a broken
 * escape, names a path outside the tree or names a path twice is a `net/tree-sums-malformed`
 * error at its line, and is left out. A leading `./` (what `sha256sum ./x` writes) is dropped.
 */
export function parseSums(text: string, file: string = SUMS_FILE): Result<readonly SumEntry[]> {
  const entries: SumEntry[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  lines.forEach((line, i) => {
    const bad = (found: string): void =>
      void diagnostics.push(diag('net/tree-sums-malformed', 'error', `${file}:${i + 1}: ${found}`, { expected: '<64 hex digits>  <relative path>', found: JSON.stringify(line.slice(0, 120)), origin: { file, line: i + 1 } }));
    const m = LINE.exec(line.replace(/\r$/, ''));
    if (!m) return bad('not a checksum line');
    const [, escaped = '', hex = '', name = ''] = m;
    const unescaped = escaped ? unescapeName(name) : name;
    if (unescaped === undefined) return bad('a broken backslash escape');
    const path = unescaped.replace(/^(\.\/)+/, '');
    const unsafe = unsafePath(path);
    if (unsafe !== undefined) return bad(`${unsafe}; paths stay inside the tree`);
    if (seen.has(path)) return bad(`${path} is listed twice`);
    seen.add(path);
    entries.push({ path, sha256: hex.toLowerCase() });
  });
  return { value: entries, diagnostics };
}
