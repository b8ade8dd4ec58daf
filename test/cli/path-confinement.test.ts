// Issue 13, paths: every key that names a file obeys one confinement rule (model/path-escapes-site)
// at the key's own line and column: `..` out of the site, an absolute path where only loaders may
// have one, and a path inside the site whose real path (through a symlink) is outside. Through the
// built CLI, `validate` and `build --only configs` alike (exit 2, nothing written).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from './run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'bootgen-confine-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const HEAD = 'bootgen: 1\nsite: t\nepoch: 2026-01-01T00:00:00Z\n';
const ISO = 'media:\n  iso: {}\n';
let n = 0;

/** A site dir with `yaml` and the files a clean site needs; returns site.yaml's path. */
function site(yaml: string, make?: (dir: string) => void): string {
  const dir = join(root, `s${n++}`, 'site');
  mkdirSync(join(dir, 'boot'), { recursive: true });
  mkdirSync(join(dir, 'images'));
  for (const f of ['boot/vmlinuz', 'boot/initrd', 'boot/boot.wim', 'images/u.iso']) writeFileSync(join(dir, f), 'x');
  writeFileSync(join(dir, '..', 'outside'), 'secret');
  make?.(dir);
  writeFileSync(join(dir, 'site.yaml'), yaml);
  return join(dir, 'site.yaml');
}

interface Json {
  diagnostics: { code: string; origin?: { line?: number; col?: number } }[];
}

function escapesAt(file: string): { line: number | undefined; col: number | undefined }[] {
  const r = runCli(['validate', file, '--json']);
  expect(r.status, r.stdout + r.stderr).toBe(2);
  const d = (JSON.parse(r.stdout) as Json).diagnostics.filter((x) => x.code === 'model/path-escapes-site');
  const out = join(file, '..', '..', 'out');
  const b = runCli(['build', file, '--only', 'configs', '-o', out]);
  expect(b.status, b.stderr).toBe(2);
  expect(b.stderr).toContain('model/path-escapes-site');
  expect(b.stderr).not.toMatch(/internal error|\s+at .*\.(js|ts):\d+/);
  expect(existsSync(out)).toBe(false);
  return d.map((x) => ({ line: x.origin?.line, col: x.origin?.col }));
}

describe('lexical escapes, at the key that names the file', () => {
  // [what, entries/loaders text, the line and column of the offending value]
  const cases: [string, string, number, number][] = [
    ['a kernel that climbs out', 'entries:\n  - id: l\n    title: L\n    linux:\n      kernel: ../outside\n', 8, 15],
    ['an absolute kernel without from:', 'entries:\n  - id: l\n    title: L\n    linux:\n      kernel: /etc/passwd\n', 8, 15],
    ['an initrd in a list that climbs out', 'entries:\n  - id: l\n    title: L\n    linux:\n      kernel: boot/vmlinuz\n      initrd: [boot/initrd, ../outside]\n', 9, 29],
    ['a single initrd that is absolute', 'entries:\n  - id: l\n    title: L\n    linux: {kernel: boot/vmlinuz, initrd: /etc/shadow}\n', 7, 43],
    ['a WIM that climbs out', 'entries:\n  - id: w\n    title: W\n    wim: boot/../../outside\n', 7, 10],
    ['an image that climbs out', 'images:\n  u: {path: ../outside}\nentries:\n  - {id: c, title: C, cdrom: u}\n', 5, 13],
    ['an ISO config that climbs', 'images: {u: images/u.iso}\nentries:\n  - id: c\n    title: C\n    cdrom: u\n    config: /boot/../../x.cfg\n', 9, 13],
    ['a kernel in an ISO that climbs', 'images: {u: images/u.iso}\nentries:\n  - id: l\n    title: L\n    linux: {from: u, kernel: /../../vmlinuz}\n', 8, 30],
    ['a relative loader that climbs out', 'entries:\n  - {id: l, title: L, linux: {kernel: boot/vmlinuz}}\nloaders:\n  shim: ../outside\n', 7, 9],
    ['a windows loader that climbs out', 'entries:\n  - {id: l, title: L, linux: {kernel: boot/vmlinuz}}\nloaders:\n  windows: {bootmgr: ../../x}\n', 7, 22],
  ];
  it.each(cases)('%s', (_what, body, line, col) => {
    expect(escapesAt(site(`${HEAD}${body}${ISO}`))).toEqual([{ line, col }]);
  });

  it('a snapshot path that climbs', () => {
    const body = 'images: {d: images/d.vhd}\nentries:\n  - id: d\n    title: D\n    disk: d\n    session: snapshot\n    snapshot: {path: "(hd0,1)/../x.vhd"}\n';
    expect(escapesAt(site(`${HEAD}${body}${ISO}`, (dir) => writeFileSync(join(dir, 'images/d.vhd'), '')))).toEqual([{ line: 10, col: 22 }]);
  });

  it('absolute loaders are accepted (the manifest reference says so)', () => {
    const r = runCli(['validate', site(`${HEAD}entries:\n  - {id: l, title: L, linux: {kernel: boot/vmlinuz}}\nloaders:\n  shim: /usr/lib/shim/shimx64.efi.signed\n${ISO}`), '--json']);
    expect((JSON.parse(r.stdout) as Json).diagnostics.map((d) => d.code)).not.toContain('model/path-escapes-site');
  });
});

describe('escapes through a symlink (real paths compared)', () => {
  it('a kernel that is a symlink out of the site is an error at its key', () => {
    const file = site(`${HEAD}entries:\n  - id: l\n    title: L\n    linux:\n      kernel: boot/link\n${ISO}`, (dir) => symlinkSync('../../outside', join(dir, 'boot/link')));
    expect(escapesAt(file)).toEqual([{ line: 8, col: 15 }]);
  });

  it('an image under a directory symlinked out of the site is an error at its key', () => {
    const file = site(`${HEAD}images:\n  u: linked/u.iso\nentries:\n  - {id: c, title: C, cdrom: u}\n${ISO}`, (dir) => {
      mkdirSync(join(dir, '..', 'elsewhere'));
      writeFileSync(join(dir, '..', 'elsewhere', 'u.iso'), 'x');
      symlinkSync('../elsewhere', join(dir, 'linked'));
    });
    expect(escapesAt(file)).toEqual([{ line: 5, col: 6 }]);
  });

  it('a symlink that stays inside the site is fine', () => {
    const file = site(`${HEAD}entries:\n  - {id: l, title: L, linux: {kernel: boot/link}}\n${ISO}`, (dir) => symlinkSync('vmlinuz', join(dir, 'boot/link')));
    const r = runCli(['validate', file, '--json']);
    expect((JSON.parse(r.stdout) as Json).diagnostics.map((d) => d.code)).not.toContain('model/path-escapes-site');
  });
});
