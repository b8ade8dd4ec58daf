// End-to-end through bin/bootgen.js: exit codes, --json shapes, nothing written on bad input.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO, runCli } from './run-cli.js';

const tmp = mkdtempSync(join(tmpdir(), 'bootgen-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const LANPARTY = join(REPO, 'examples/lanparty/site.yaml');
const invalid = (name: string): string => join(REPO, 'fixtures/invalid', `${name}.yaml`);

function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const full = join(dir, name);
    const st = statSync(full);
    out[relative(dir, full)] = `${st.mode.toString(8)} ${st.mtimeMs} ${st.isFile() ? createHash('sha256').update(readFileSync(full)).digest('hex') : 'dir'}`;
  }
  return out;
}

describe('bootgen CLI', () => {
  it('prints help with every command', () => {
    const r = runCli(['--help']);
    expect(r.status).toBe(0);
    for (const c of ['build', 'validate', 'render', 'schema', 'init']) expect(r.stdout).toContain(c);
  });

  it('build --json lists every config artifact with bytes and sha256 matching the files', () => {
    const out = join(tmp, 'lan');
    const r = runCli(['build', LANPARTY, '-o', out, '--only', 'configs', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { artifacts: { kind: string; path: string; bytes: number; sha256: string }[]; diagnostics: { severity: string }[] };
    expect(new Set(report.artifacts.map((a) => a.kind))).toEqual(new Set(['grub', 'vboot', 'ipxe', 'bcd', 'dnsmasq', 'dhcpd']));
    for (const a of report.artifacts) {
      const bytes = readFileSync(join(out, a.path));
      expect(bytes.length).toBe(a.bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(a.sha256);
    }
    expect(report.diagnostics.every((d) => d.severity !== 'error')).toBe(true);
  });

  it('two builds are byte-identical, modes and mtimes included', () => {
    const a = join(tmp, 'same-a');
    const b = join(tmp, 'same-b');
    expect(runCli(['build', LANPARTY, '-o', a, '--only', 'configs']).status).toBe(0);
    expect(runCli(['build', LANPARTY, '-o', b, '--only', 'configs']).status).toBe(0);
    expect(tree(b)).toEqual(tree(a));
  });

  it.each(['yaml-syntax', 'unknown-disk', 'parent-cycle', 'writable-parent', 'malformed-mac', 'alias-bomb', 'not-utf8', 'path-escape'])(
    'build %s: exit 2, file:line:col on stderr, no stack, nothing written',
    (name) => {
      const out = join(tmp, `bad-${name}`);
      const r = runCli(['build', invalid(name), '-o', out]);
      expect(r.status).toBe(2);
      const expected = readFileSync(invalid(name).replace(/\.yaml$/, '.expected.txt'), 'utf8').split('\n')[0]!.replace(`${name}.yaml`, invalid(name));
      expect(r.stderr).toContain(expected);
      expect(r.stderr).not.toMatch(/\n\s+at .*\.js:\d+/);
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(tmp).some((f) => f.includes(`bad-${name}.`))).toBe(false);
    },
  );

  it('a failed build leaves the previous out dir untouched', () => {
    const out = join(tmp, 'keep');
    expect(runCli(['build', LANPARTY, '-o', out, '--only', 'configs']).status).toBe(0);
    const before = tree(out);
    expect(runCli(['build', invalid('unknown-disk'), '-o', out]).status).toBe(2);
    expect(tree(out)).toEqual(before);
  });

  it('build --json on bad input prints the diagnostics as JSON, exit 2', () => {
    const r = runCli(['build', invalid('unknown-disk'), '-o', join(tmp, 'x'), '--json']);
    expect(r.status).toBe(2);
    const j = JSON.parse(r.stdout) as { ok: boolean; diagnostics: { code: string; severity: string; hint?: string; origin: { line: number; col: number } }[] };
    expect(j.ok).toBe(false);
    expect(j.diagnostics.find((d) => d.severity === 'error')).toMatchObject({ code: 'model/unknown-reference', hint: 'did you mean `win-play`?', origin: { line: 5, col: 35 } });
  });

  it('refuses a directory given as the manifest, unknown --only kinds, and media it cannot write yet', () => {
    const dir = runCli(['build', join(REPO, 'examples/lanparty'), '-o', join(tmp, 'd')]);
    expect([dir.status, dir.stderr]).toEqual([2, expect.stringContaining('manifest/is-directory')]);
    const only = runCli(['build', LANPARTY, '-o', join(tmp, 'o'), '--only', 'confgs']);
    expect([only.status, only.stderr]).toEqual([2, expect.stringContaining('did you mean `configs`?')]);
    expect(runCli(['build', 'no/such/site.yaml']).stderr).toContain('manifest/not-found');
    expect(existsSync(join(tmp, 'd')) || existsSync(join(tmp, 'o'))).toBe(false);
  });

  it('never replaces a directory it did not make', () => {
    const mine = join(tmp, 'mine');
    mkdirSync(mine);
    writeFileSync(join(mine, 'notes.txt'), 'keep me');
    const r = runCli(['build', LANPARTY, '-o', mine, '--only', 'configs']);
    expect([r.status, r.stderr]).toEqual([3, expect.stringContaining('env/out-dir-not-bootgen')]);
    expect(readdirSync(mine)).toEqual(['notes.txt']);
  });

  it('render prints one config; a bad target gets a suggestion', () => {
    const r = runCli(['render', LANPARTY, '--target', 'ipxe', '--machine', 'iceman']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^#!ipxe/);
    const bad = runCli(['render', LANPARTY, '--target', 'grbu']);
    expect([bad.status, bad.stderr]).toEqual([2, expect.stringContaining('did you mean `grub`?')]);
    const json = JSON.parse(runCli(['render', LANPARTY, '--target', 'dnsmasq', '--json']).stdout) as { content: string };
    expect(json.content).toContain('52:54:00:00:00:0c');
  });

  it('schema prints JSON Schema', () => {
    const r = runCli(['schema']);
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object' });
  });

  it('init writes a starter that validates cleanly and builds, and never overwrites', () => {
    const dir = join(tmp, 'starter');
    const r = runCli(['init', dir, '--json']);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(['site.schema.json', 'site.yaml']);
    const v = runCli(['validate', join(dir, 'site.yaml'), '--format', 'json']);
    expect(v.status, v.stdout).toBe(0);
    expect(JSON.parse(v.stdout)).toMatchObject({ ok: true, summary: { errors: 0, warnings: 0 } });
    const b = runCli(['build', join(dir, 'site.yaml'), '-o', join(dir, 'out'), '--json']);
    expect(b.status, b.stdout + b.stderr).toBe(0);
    expect(runCli(['init', dir]).status).toBe(2);
  });
});
