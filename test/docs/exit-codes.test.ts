// The exit-code contract: README.md's table, docs/diagnostics.md's exit column and
// src/diagnostics/exit-codes.ts say the same thing, for every area and every documented code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AREA_EXIT, CODE_EXIT, exitCodeFor, exitCodeOf } from '../../src/diagnostics/exit-codes.js';
import { diag } from '../../src/diagnostics/diagnostic.js';

const ROOT = join(import.meta.dirname, '../..');

/** `| 2 | meaning | \`cli/*\`, \`net/x\` |` rows of the "## Exit codes" table of a markdown file. */
function exitTable(file: string): Map<string, number> {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const section = text.slice(text.indexOf('## Exit codes'), text.indexOf('\n## ', text.indexOf('## Exit codes') + 5));
  const out = new Map<string, number>();
  for (const line of section.split('\n')) {
    const m = /^\| (\d+) \| [^|]+ \| (.+) \|$/.exec(line);
    if (!m) continue;
    for (const c of m[2]!.matchAll(/`([a-z]+)\/([a-z0-9*-]+)`/g)) out.set(c[2] === '*' ? c[1]! : `${c[1]}/${c[2]}`, Number(m[1]));
  }
  return out;
}

const expected = new Map<string, number>([...Object.entries(AREA_EXIT), ...Object.entries(CODE_EXIT)]);

describe('exit codes: one table', () => {
  it.each(['README.md', 'docs/diagnostics.md'])('%s has the table of src/diagnostics/exit-codes.ts', (file) => {
    expect(Object.fromEntries(exitTable(file))).toEqual(Object.fromEntries(expected));
  });

  it('every error row of docs/diagnostics.md gives the exit code its code has', () => {
    const rows = readFileSync(join(ROOT, 'docs/diagnostics.md'), 'utf8').split('\n').filter((l) => /^\| `[a-z]+\/[a-z0-9-]+`.*\| error \|/.test(l));
    expect(rows.length).toBeGreaterThan(100);
    const wrong = rows.flatMap((l) => {
      const [, code, exit] = /^\| `([a-z]+\/[a-z0-9-]+)`[^|]*\| error \| (\d) \|/.exec(l) ?? [];
      return code && Number(exit) === exitCodeOf(code) ? [] : [l.slice(0, 80)];
    });
    expect(wrong).toEqual([]);
  });

  it('input beats environment beats findings; no error is success', () => {
    const e = (code: string) => diag(code, 'error', 'x');
    expect(exitCodeFor([e('chain/loop'), e('env/loader-missing'), e('model/duplicate-id')])).toBe(2);
    expect(exitCodeFor([e('media/fat-full'), e('env/loader-missing')])).toBe(3);
    expect(exitCodeFor([e('media/fat-full'), diag('env/loader-missing', 'warning', 'x')])).toBe(1);
    expect(exitCodeFor([diag('target/unsupported-entry', 'warning', 'x')])).toBe(0);
  });
});
