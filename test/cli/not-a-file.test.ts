// Issue 13: files that are not files, options that name nothing, and where findings point.
// - A FIFO, socket, device or directory given as an image or a payload (kernel, initrd, WIM) is
//   "not a regular file (a FIFO)" or the like at its site.yaml key: never a hang, never "not found".
// - An option naming a directory that is missing or of the wrong kind is exit 2 (cli/option-path).
// - Payload findings point at the line and column of the key that named the file.
// Through the built CLI with a short timeout: a hang fails the test instead of stalling it.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO } from './run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'bootgen-notfile-'));
const servers: Server[] = [];
afterAll(() => {
  for (const s of servers) s.close();
  rmSync(root, { recursive: true, force: true });
});

function cli(args: readonly string[]): { status: number | null; stdout: string; stderr: string; signal: NodeJS.Signals | null } {
  const r = spawnSync(process.execPath, [join(REPO, 'bin/bootgen.js'), ...args], { encoding: 'utf8', timeout: 20_000, killSignal: 'SIGKILL' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

async function socketAt(path: string): Promise<void> {
  const server = createServer();
  servers.push(server);
  await new Promise<void>((done) => server.listen(path, done));
}

interface Finding {
  code: string;
  message: string;
  origin?: { line?: number; col?: number };
}

const findings = (stdout: string): Finding[] => (JSON.parse(stdout) as { diagnostics: Finding[] }).diagnostics;

const HEAD = 'bootgen: 1\nsite: t\nepoch: 2026-01-01T00:00:00Z\n';
// line numbers below count from HEAD's three lines
const SITE = `${HEAD}images:
  fifo: images/fifo.vhd
  sock: {path: images/sock.iso}
  dev: images/null.iso
  dir: images/dir.iso
entries:
  - {id: a, title: A, disk: fifo}
  - {id: b, title: B, cdrom: sock}
  - {id: c, title: C, cdrom: dev}
  - {id: d, title: D, cdrom: dir}
  - id: l
    title: L
    linux:
      kernel: boot/kfifo
      initrd: [boot/ok, boot/idir]
  - {id: w, title: W, wim: boot/wsock}
media:
  iso: {}
`;

describe('files that are not files', () => {
  let file: string;
  beforeAll(async () => {
    const dir = join(root, 'site');
    mkdirSync(join(dir, 'images', 'dir.iso'), { recursive: true });
    mkdirSync(join(dir, 'boot', 'idir'), { recursive: true });
    writeFileSync(join(dir, 'boot/ok'), 'x');
    execFileSync('mkfifo', [join(dir, 'images/fifo.vhd'), join(dir, 'boot/kfifo')]);
    execFileSync('mknod', [join(dir, 'images/null.iso'), 'c', '1', '3']); // the device /dev/null is
    await socketAt(join(dir, 'images/sock.iso'));
    await socketAt(join(dir, 'boot/wsock'));
    file = join(dir, 'site.yaml');
    writeFileSync(file, SITE);
  });

  const expected: [string, number, number, string][] = [
    ['fifo.vhd', 5, 9, 'a FIFO'],
    ['sock.iso', 6, 16, 'a socket'],
    ['null.iso', 7, 8, 'a character device'],
    ['dir.iso', 8, 8, 'a directory'],
    ['kfifo', 17, 15, 'a FIFO'],
    ['idir', 18, 25, 'a directory'],
    ['wsock', 19, 28, 'a socket'],
  ];

  it.each([['validate'], ['build']])('%s says "not a regular file (a FIFO)" and the like at each key, in time', (verb) => {
    const args = verb === 'validate' ? ['validate', file, '--json'] : ['build', file, '-o', join(root, 'out'), '--json'];
    const r = cli(args);
    expect(r.signal, 'the run hung').toBeNull();
    expect(r.status, r.stderr).toBe(1);
    const all = findings(r.stdout).filter((d) => /not-a-file/.test(d.code));
    for (const [name, line, col, kind] of expected) {
      const hits = all.filter((d) => d.message.includes(name));
      expect(hits.length, `${name}: ${JSON.stringify(all)}`).toBeGreaterThan(0);
      for (const d of hits) {
        expect(d.message).toContain(`is not a regular file (${kind})`);
        expect(d.origin, name).toMatchObject({ line, col });
      }
    }
    expect(findings(r.stdout).map((d) => d.message).join('\n')).not.toMatch(/not found|does not exist/);
  });

  it.each([['a FIFO', 'images/fifo.vhd', 'a FIFO'], ['/dev/null', '/dev/null', 'a character device'], ['a directory', 'images/dir.iso', 'a directory']])('chain on %s is refused at once, not "not found"', (_what, path, kind) => {
    const r = cli(['chain', path.startsWith('/') ? path : join(root, 'site', path)]);
    expect(r.signal, 'the run hung').toBeNull();
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('chain/image-not-a-file');
    expect(r.stderr).toContain(`is not a regular file (${kind})`);
  });
});

describe('payload findings point at the key that named the file', () => {
  it('a missing kernel, initrd, WIM and image are reported at their own line and column', () => {
    const dir = join(root, 'missing');
    mkdirSync(dir);
    const file = join(dir, 'site.yaml');
    writeFileSync(file, `${HEAD}images:\n  gone: {path: images/gone.iso}\nentries:\n  - {id: c, title: C, cdrom: gone}\n  - id: l\n    title: L\n    linux:\n      kernel: boot/nokernel\n      initrd:\n        - boot/noinitrd\n  - {id: w, title: W, wim: boot/no.wim}\nmedia:\n  iso: {}\n`);
    const r = cli(['validate', file, '--json']);
    expect(r.status).toBe(1);
    // every finding about the file (chain and payload alike) at the same place
    const at = (name: string): unknown[] => [...new Set(findings(r.stdout).filter((d) => d.message.includes(name)).map((d) => JSON.stringify({ line: d.origin?.line, col: d.origin?.col })))].map((j) => JSON.parse(j) as unknown);
    expect(at('gone.iso')).toEqual([{ line: 5, col: 16 }]);
    expect(at('nokernel')).toEqual([{ line: 11, col: 15 }]);
    expect(at('noinitrd')).toEqual([{ line: 13, col: 11 }]);
    expect(at('no.wim')).toEqual([{ line: 14, col: 28 }]);
  });
});

describe('options that name a directory', () => {
  it.each([
    ['chain --parent-dir missing', ['chain', join(REPO, 'examples/vhd-lab/images/xp-new.vhd'), '--parent-dir', '/nonexistent-bootgen']],
    ['chain --parent-dir a file', ['chain', join(REPO, 'examples/vhd-lab/images/xp-new.vhd'), '--parent-dir', join(REPO, 'package.json')]],
    ['overlays --state missing', ['overlays', join(REPO, 'examples/lanparty/site.yaml'), 'status', '--state', '/nonexistent-bootgen']],
    ['overlays --state a file', ['overlays', join(REPO, 'examples/lanparty/site.yaml'), 'status', '--state', join(REPO, 'package.json')]],
    ['image create --locator-root missing', ['image', 'create', join(root, 'l.vhd'), '--size', '1MiB', '--locator-root', '/nonexistent-bootgen']],
  ])('%s is exit 2, cli/option-path', (_what, args) => {
    const r = cli(args);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('cli/option-path');
    expect(r.stderr).not.toMatch(/internal error/);
  });

  it.each([
    ['build --templates missing', ['build', join(REPO, 'examples/lanparty/site.yaml'), '--only', 'configs', '-o', join(root, 'tout'), '--templates', '/nonexistent-bootgen']],
    ['render --templates a file', ['render', join(REPO, 'examples/lanparty/site.yaml'), '--target', 'grub', '--templates', join(REPO, 'package.json')]],
  ])('%s is exit 2, cli/templates-not-found', (_what, args) => {
    const r = cli(args);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain('cli/templates-not-found');
  });

  it('build -o naming a file is exit 3 and leaves it alone', () => {
    const f = join(root, 'a-file');
    writeFileSync(f, 'keep');
    const r = cli(['build', join(REPO, 'examples/lanparty/site.yaml'), '--only', 'configs', '-o', f]);
    expect(r.status).toBe(3);
    expect(r.stderr).toContain('env/out-dir-not-bootgen');
  });
});
