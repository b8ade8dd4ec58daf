// SHA256SUMS text (net/tree-sums.ts): what we write is what coreutils' sha256sum writes, byte for
// byte, escapes included, and what sha256sum writes we read back; malformed and escaping lines
// are findings at their line.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { comparePaths, formatSums, parseSums } from '../../src/net/tree-sums.js';
import { findOracle, oraclesPresent } from '../helpers/oracle.js';

const sha256sum = findOracle({ name: 'sha256sum', pkg: 'coreutils' });
const dir = mkdtempSync(join(tmpdir(), 'bootgen-sums-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const FILES: Readonly<Record<string, string>> = {
  'boot.ipxe': '#!ipxe\n',
  'a/b/c.bin': 'deep',
  'sp ace.txt': 'space',
  'back\\slash': 'bs',
  'new\nline': 'nl',
  'carriage\rreturn': 'cr',
  'ünï.cfg': 'utf8',
  'Z-upper': 'upper sorts before lower in C order',
  'z-lower': 'lower',
};
const hex = (s: string): string => createHash('sha256').update(s).digest('hex');
const entries = Object.entries(FILES).map(([path, text]) => ({ path, sha256: hex(text) }));

describe('formatSums / parseSums', () => {
  it('sorts by UTF-8 bytes (LC_ALL=C), escapes \\ \\n \\r as coreutils does, round-trips', () => {
    const text = formatSums(entries);
    const lines = text.split('\n').slice(0, -1);
    expect(lines).toHaveLength(entries.length);
    expect(lines[0]).toBe(`${hex('upper sorts before lower in C order')}  Z-upper`);
    expect(lines).toContain(`\\${hex('bs')}  back\\\\slash`);
    expect(lines).toContain(`\\${hex('nl')}  new\\nline`);
    expect(lines).toContain(`\\${hex('cr')}  carriage\\rreturn`);
    expect(lines.at(-1)).toBe(`${hex('utf8')}  ünï.cfg`);
    const back = parseSums(text);
    expect(back.diagnostics).toEqual([]);
    expect(back.value).toEqual([...entries].sort((a, b) => comparePaths(a.path, b.path)));
  });

  it('reads binary-mode `*`, ./ prefixes, upper-case hex and CRLF', () => {
    const h = hex('x').toUpperCase();
    const r = parseSums(`${h} *./a/x\r\n${h}  b\n`);
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toEqual([{ path: 'a/x', sha256: h.toLowerCase() }, { path: 'b', sha256: h.toLowerCase() }]);
  });

  it('reports malformed lines, broken escapes, paths that leave the tree and duplicates at their line', () => {
    const h = hex('x');
    const text = [`${h}  ok`, 'not a line', `${h.slice(1)}  short`, `\\${h}  bad\\qescape`, `${h}  /etc/passwd`, `${h}  ../up`, `${h}  a/../../b`, `${h}  ok`, `${h}  a//b`].join('\n');
    const r = parseSums(text, 'T');
    expect(r.value).toEqual([{ path: 'ok', sha256: h }]);
    expect(r.diagnostics.map((d) => [d.code, d.origin?.line])).toEqual([2, 3, 4, 5, 6, 7, 8, 9].map((l) => ['net/tree-sums-malformed', l]));
    expect(r.diagnostics.every((d) => d.severity === 'error')).toBe(true);
  });
});

describe.skipIf(!oraclesPresent([sha256sum], 'SHA256SUMS against coreutils sha256sum'))('SHA256SUMS against coreutils sha256sum', () => {
  for (const [path, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  const sorted = entries.map((e) => e.path).sort(comparePaths);

  it('formatSums writes exactly what sha256sum writes for the same files', () => {
    const r = spawnSync(sha256sum.path ?? 'sha256sum', ['--', ...sorted], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    expect(r.status, r.stderr).toBe(0);
    expect(formatSums(entries)).toBe(r.stdout);
    expect(parseSums(r.stdout).value).toEqual([...entries].sort((a, b) => comparePaths(a.path, b.path)));
  });

  it('sha256sum -c accepts what formatSums writes, and fails it once a byte changes', () => {
    writeFileSync(join(dir, 'SHA256SUMS'), formatSums(entries));
    const ok = spawnSync(sha256sum.path ?? 'sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    expect(ok.status, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout.trim().split('\n')).toHaveLength(entries.length);
    writeFileSync(join(dir, 'boot.ipxe'), '#!ipxE\n');
    const bad = spawnSync(sha256sum.path ?? 'sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
    expect(bad.status).toBe(1);
    expect(bad.stdout).toMatch(/^boot\.ipxe: FAILED$/m);
  });
});
