// `bootgen verify DIR` against `sha256sum -c` on the same tree: both accept an intact tree, both
// name the same changed and missing files; verify also names the unlisted ones. Exit codes by the
// table: 1 for findings, 2 when DIR is not a directory.
import { spawnSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatSums } from '../../src/net/tree-sums.js';
import { findOracle, oraclesPresent } from '../helpers/oracle.js';
import { runCli } from './run-cli.js';

const sha256sum = findOracle({ name: 'sha256sum', pkg: 'coreutils' });
const base = mkdtempSync(join(tmpdir(), 'bootgen-verify-'));
afterAll(() => rmSync(base, { recursive: true, force: true }));

interface Envelope {
  ok: boolean;
  exitCode: number;
  listed: number;
  intact: number;
  modified: string[];
  missing: string[];
  unlisted: string[];
  outside: string[];
  diagnostics: { code: string; origin?: { file: string; line?: number } }[];
}

const verify = (dir: string): { status: number | null; env: Envelope } => {
  const r = runCli(['verify', dir, '--json']);
  return { status: r.status, env: JSON.parse(r.stdout) as Envelope };
};

/** A PXE-like tree with its SHA256SUMS written by formatSums. */
function tree(name: string): string {
  const dir = join(base, name);
  const files: Record<string, Uint8Array> = {
    'boot.ipxe': Buffer.from('#!ipxe\nchain machines/${mac}.ipxe\n'),
    'machines/52-54-00-00-00-01.ipxe': Buffer.from('#!ipxe\nsanboot iscsi:10.0.0.1::::iqn.x\n'),
    'undionly.kpxe': randomBytes(70_000),
    'images/kernel with space': randomBytes(3 * 2 ** 20 + 17),
    'grub/grub.cfg': Buffer.from('menuentry x {}\n'),
  };
  for (const [path, bytes] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), bytes);
  }
  symlinkSync('undionly.kpxe', join(dir, 'undionly.0'));
  const entries = [...Object.entries(files), ['undionly.0', files['undionly.kpxe']!] as const].map(([path, bytes]) => ({ path, sha256: createHash('sha256').update(bytes).digest('hex') }));
  writeFileSync(join(dir, 'SHA256SUMS'), formatSums(entries));
  return dir;
}

function sha256sumCheck(dir: string): { status: number | null; failed: string[] } {
  const r = spawnSync(sha256sum.path ?? 'sha256sum', ['-c', 'SHA256SUMS'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  const failed = r.stdout.split('\n').flatMap((l) => /^(.*): FAILED/.exec(l)?.[1] ?? []).sort();
  return { status: r.status, failed };
}

describe.skipIf(!oraclesPresent([sha256sum], 'bootgen verify against sha256sum -c'))('bootgen verify against sha256sum -c', () => {
  it('an intact tree: both agree it is OK (exit 0)', () => {
    const dir = tree('intact');
    expect(sha256sumCheck(dir)).toEqual({ status: 0, failed: [] });
    const { status, env } = verify(dir);
    expect(status).toBe(0);
    expect(env).toMatchObject({ ok: true, exitCode: 0, listed: 6, intact: 6, modified: [], missing: [], unlisted: [], outside: [], diagnostics: [] });
    const text = runCli(['verify', dir]);
    expect(text.stdout).toMatch(/6 of 6 listed files intact; OK/);
  });

  it('changed, missing and unlisted files: the same changed and missing files as sha256sum -c, exit 1', () => {
    const dir = tree('tampered');
    writeFileSync(join(dir, 'grub/grub.cfg'), 'menuentry y {}\n'); // same size, other bytes
    writeFileSync(join(dir, 'images/kernel with space'), randomBytes(10)); // truncated
    unlinkSync(join(dir, 'undionly.kpxe')); // and the symlink to it dangles
    writeFileSync(join(dir, 'machines/52-54-00-00-00-99.ipxe'), '#!ipxe\nshell\n');
    mkdirSync(join(dir, 'extra'));
    writeFileSync(join(dir, 'extra/evil.efi'), 'x');
    const oracle = sha256sumCheck(dir);
    expect(oracle.status).toBe(1);
    const { status, env } = verify(dir);
    expect(status).toBe(1);
    expect(env.ok).toBe(false);
    expect(env.modified).toEqual(['grub/grub.cfg', 'images/kernel with space']);
    expect(env.missing).toEqual(['undionly.0', 'undionly.kpxe']);
    expect([...env.modified, ...env.missing].sort()).toEqual(oracle.failed);
    expect(env.unlisted).toEqual(['extra/evil.efi', 'machines/52-54-00-00-00-99.ipxe']);
    expect(env.intact).toBe(2);
    const codes = env.diagnostics.map((d) => d.code);
    expect(codes.filter((c) => c === 'net/tree-modified')).toHaveLength(2);
    expect(codes.filter((c) => c === 'net/tree-missing-file')).toHaveLength(2);
    expect(codes.filter((c) => c === 'net/tree-unlisted-file')).toHaveLength(2);
  });

  it('a FIFO where a file was listed is a change, never opened (no hang)', () => {
    const dir = tree('fifo');
    unlinkSync(join(dir, 'boot.ipxe'));
    expect(spawnSync('mkfifo', [join(dir, 'boot.ipxe')]).status).toBe(0);
    const { status, env } = verify(dir);
    expect(status).toBe(1);
    expect(env.modified).toEqual(['boot.ipxe']);
  });

  it('a listed symlink out of the tree: sha256sum -c accepts it, verify refuses it as the HTTP server would (net/tree-link-outside)', () => {
    const dir = tree('link-out');
    const outside = join(base, 'outside.cfg');
    writeFileSync(outside, 'menuentry x {}\n'); // the same bytes as grub/grub.cfg
    unlinkSync(join(dir, 'grub/grub.cfg'));
    symlinkSync(outside, join(dir, 'grub/grub.cfg'));
    expect(sha256sumCheck(dir)).toEqual({ status: 0, failed: [] });
    const { status, env } = verify(dir);
    expect(status).toBe(1);
    expect(env).toMatchObject({ intact: 5, outside: ['grub/grub.cfg'], modified: [], missing: [], unlisted: [] });
    expect(env.diagnostics.map((d) => d.code)).toEqual(['net/tree-link-outside']);
  });

  it('no SHA256SUMS, or a malformed line: exit 1 with net/tree-no-sums, net/tree-sums-malformed', () => {
    const dir = tree('no-sums');
    unlinkSync(join(dir, 'SHA256SUMS'));
    expect(verify(dir)).toMatchObject({ status: 1, env: { diagnostics: [{ code: 'net/tree-no-sums' }] } });
    writeFileSync(join(dir, 'SHA256SUMS'), 'garbage\n');
    const r = verify(dir);
    expect(r.status).toBe(1);
    expect(r.env.diagnostics[0]).toMatchObject({ code: 'net/tree-sums-malformed', origin: { line: 1 } });
  });

  it('DIR that is not a directory: exit 2 (cli/not-a-directory), in text mode too', () => {
    const { status, env } = verify(join(base, 'nothing-here'));
    expect(status).toBe(2);
    expect(env.diagnostics[0]?.code).toBe('cli/not-a-directory');
    const file = join(base, 'a-file');
    writeFileSync(file, 'x');
    const text = runCli(['verify', file]);
    expect(text.status).toBe(2);
    expect(text.stderr).toMatch(/not a directory/);
  });
});
