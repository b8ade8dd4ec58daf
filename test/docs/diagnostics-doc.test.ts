// Scripts key on diagnostic codes, so docs/diagnostics.md is their contract: every code emitted
// under src/ must have a row there, and every row must name a code src/ still emits.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DOC = 'docs/diagnostics.md';
const NAMESPACES = 'manifest|model|target|chain|media|format|net|bcd|env|cli|io';
/** A code written out as a string literal (the same pattern as `git grep -ohE "'(ns)/[a-z0-9-]+'"`). */
const LITERAL = new RegExp(`'((?:${NAMESPACES})/[a-z0-9-]+)'`, 'g');
/**
 * A code built in a template literal passed to `diag()` or a finding helper, e.g.
 * diag(`format/regf-${code}`, …): captures its fixed prefix (artifact paths such as `media/${name}.iso` are no codes).
 */
const TEMPLATE = new RegExp(`\\b(?:diag|add|finding|warning)\\(\\s*\`((?:${NAMESPACES})/[a-z0-9-]*)\\$\\{`, 'g');
/** A code in a table row of the doc, in backticks. */
const DOCUMENTED = new RegExp(`\`((?:${NAMESPACES})/[a-z0-9-]+)\``, 'g');

/**
 * Codes src/ builds from a prefix: where their suffixes are written. The regf cell reader reports
 * `format/regf-${code}` for the short code each caller passes to `finding()` / `warning()`.
 */
const BUILT: readonly { prefix: string; dir: string; suffix: RegExp }[] = [
  { prefix: 'format/regf-', dir: 'src/formats/regf', suffix: /\.(?:finding|warning)\(\s*'([a-z0-9-]+)'/g },
];

interface SourceFile {
  readonly path: string;
  readonly text: string;
}

function sourceFiles(dir: string): SourceFile[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((d): SourceFile[] => {
    const path = `${dir}/${d.name}`;
    if (d.isDirectory()) return sourceFiles(path);
    return d.isFile() && d.name.endsWith('.ts') ? [{ path, text: readFileSync(join(ROOT, path), 'utf8') }] : [];
  });
}

function lineOf(text: string, index: number): number {
  return text.slice(0, index).split('\n').length;
}

interface Emitted {
  /** code → the files that write it */
  readonly codes: ReadonlyMap<string, readonly string[]>;
  /** `file:line prefix` of template-built codes no BUILT entry explains */
  readonly unexplained: readonly string[];
}

function emittedCodes(files: readonly SourceFile[]): Emitted {
  const codes = new Map<string, string[]>();
  const note = (code: string, file: string): void => void codes.set(code, [...new Set([...(codes.get(code) ?? []), file])]);
  const unexplained: string[] = [];
  for (const f of files) {
    for (const m of f.text.matchAll(LITERAL)) note(m[1]!, f.path);
    for (const m of f.text.matchAll(TEMPLATE)) {
      const built = BUILT.find((b) => b.prefix === m[1]);
      if (!built) {
        unexplained.push(`${f.path}:${lineOf(f.text, m.index)} ${m[1]}…`);
        continue;
      }
      for (const g of files.filter((s) => s.path.startsWith(`${built.dir}/`))) {
        for (const s of g.text.matchAll(built.suffix)) note(`${built.prefix}${s[1]!}`, g.path);
      }
    }
  }
  return { codes, unexplained };
}

/** Codes in the first cell of the doc's table rows, with the line of each row that names them. */
function documentedCodes(doc: string): Map<string, number[]> {
  const out = new Map<string, number[]>();
  doc.split('\n').forEach((line, i) => {
    if (!line.startsWith('|')) return;
    const first = line.split('|')[1] ?? '';
    for (const m of first.matchAll(DOCUMENTED)) out.set(m[1]!, [...(out.get(m[1]!) ?? []), i + 1]);
  });
  return out;
}

describe(`${DOC} documents every diagnostic code`, () => {
  const emitted = emittedCodes(sourceFiles('src'));
  const documented = documentedCodes(readFileSync(join(ROOT, DOC), 'utf8'));

  it('finds the codes in src/ and in the doc (the scans themselves work)', () => {
    expect(emitted.codes.get('manifest/not-found')).toContain('src/io/read-manifest.ts');
    expect(emitted.codes.has('format/regf-vk')).toBe(true);
    expect(emitted.codes.size).toBeGreaterThan(100);
    expect(documented.has('manifest/not-found')).toBe(true);
  });

  it('knows where the suffixes of every code built from a prefix are written', () => {
    expect(emitted.unexplained, 'add the prefix and where its suffixes are written to BUILT').toEqual([]);
  });

  it('has a row for every code emitted under src/', () => {
    const missing = [...emitted.codes].filter(([code]) => !documented.has(code)).map(([code, files]) => `${code} (${files.join(', ')})`);
    expect(missing.sort(), `emitted but not documented in ${DOC}`).toEqual([]);
  });

  it('documents no code that src/ no longer emits', () => {
    const stale = [...documented].filter(([code]) => !emitted.codes.has(code)).map(([code, lines]) => `${code} (${DOC}:${lines.join(',')})`);
    expect(stale.sort(), `documented in ${DOC} but emitted nowhere under src/`).toEqual([]);
  });

  it('documents each code once', () => {
    const twice = [...documented].filter(([, lines]) => lines.length > 1).map(([code, lines]) => `${code} (${DOC}:${lines.join(',')})`);
    expect(twice).toEqual([]);
  });
});
