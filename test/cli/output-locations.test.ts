// Issue 13, output locations: every place bootgen writes (build -o, image create, init) under a
// pseudo file system, on a read-only mount, under a missing parent or on a full disk ends with
// exit 3, a message naming the path and what the errno means, no stack trace, no temp dir left
// and the previous out dir intact. Real mounts (we run as root in CI); locally without mount
// rights the mount cases skip with a printed reason, in CI (BOOTGEN_REQUIRE_ORACLES=1) they fail.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oraclesRequired } from '../helpers/oracle.js';
import { REPO, runCli, type CliResult } from './run-cli.js';

const LANPARTY = join(REPO, 'examples/lanparty/site.yaml');
const VHDLAB = join(REPO, 'examples/vhd-lab/site.yaml');
const root = mkdtempSync(join(tmpdir(), 'bootgen-outloc-'));
const mounts: string[] = [];

function sh(cmd: string, args: string[]): boolean {
  return spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;
}

/** Mounts a tmpfs of `size` at a new dir; undefined (with a printed reason, or a CI failure) when impossible. */
function mountTmpfs(name: string, size: string): string | undefined {
  const dir = join(root, name);
  mkdirSync(dir);
  if (!sh('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir])) return cannot(`mount a tmpfs at ${dir}`);
  mounts.push(dir);
  return dir;
}

function cannot(what: string): undefined {
  const reason = `output-locations: cannot ${what} (needs root and mount rights)`;
  if (oraclesRequired) throw new Error(`required (BOOTGEN_REQUIRE_ORACLES=1): ${reason}`);
  process.stderr.write(`SKIP ${reason}\n`);
  return undefined;
}

afterAll(() => {
  for (const m of mounts.reverse()) sh('umount', ['-l', m]);
  rmSync(root, { recursive: true, force: true });
});

function expectEnvFailure(r: CliResult, path: string, words: RegExp): void {
  expect(r.status, r.stderr).toBe(3);
  expect(r.stderr).toContain('env/out-dir-write-failed');
  expect(r.stderr).toContain(path);
  expect(r.stderr).toMatch(words);
  expect(r.stderr).not.toMatch(/internal error|\s+at .*\.(js|ts):\d+/);
}

const leftovers = (dir: string): string[] => readdirSync(dir).filter((n) => n.includes('.tmp-') || n.includes('.old-') || n.endsWith('.partial'));

describe('pseudo file systems and missing parents', () => {
  it.each(['/proc/bootgen-x', '/sys/bootgen-x', '/proc/self/bootgen-x'])('build -o %s is exit 3, at once', (out) => {
    const r = runCli(['build', LANPARTY, '--only', 'configs', '-o', out]);
    expectEnvFailure(r, out, /pseudo file system/);
  });

  it('init and image create under /proc are exit 3', () => {
    expectEnvFailure(runCli(['init', '/proc/bootgen-x']), '/proc/bootgen-x', /pseudo file system/);
    expectEnvFailure(runCli(['image', 'create', '/proc/bootgen-x.vhd', '--size', '1MiB']), '/proc/bootgen-x.vhd', /pseudo file system/);
  });

  it('a missing parent is exit 3 naming it, nothing made', () => {
    const out = join(root, 'missing', 'deeper', 'out');
    expectEnvFailure(runCli(['build', LANPARTY, '--only', 'configs', '-o', out]), out, /does not exist \(ENOENT\)/);
    expectEnvFailure(runCli(['init', join(root, 'missing', 'site')]), join(root, 'missing', 'site'), /does not exist \(ENOENT\)/);
    expectEnvFailure(runCli(['image', 'create', join(root, 'missing', 'x.vhd'), '--size', '1MiB']), join(root, 'missing', 'x.vhd'), /does not exist \(ENOENT\)/);
    expect(existsSync(join(root, 'missing'))).toBe(false);
  });
});

describe('a full disk (a 2 MiB tmpfs filled up)', () => {
  let disk: string | undefined;
  beforeAll(() => {
    disk = mountTmpfs('full', '2m');
  });

  it('configs: exit 3, ENOSPC in words, the previous out dir intact, no temp dir left', (ctx) => {
    if (!disk) return ctx.skip();
    const out = join(disk, 'out');
    expect(runCli(['build', LANPARTY, '--only', 'configs', '-o', out]).status).toBe(0);
    const before = readFileSync(join(out, 'grub/grub.cfg'), 'utf8');
    // fill what is left
    const fill = spawnSync('dd', ['if=/dev/zero', `of=${join(disk, 'fill')}`, 'bs=64k'], { stdio: 'ignore' });
    expect(fill.status).not.toBe(0); // dd stops at ENOSPC
    const r = runCli(['build', LANPARTY, '--only', 'configs', '-o', out]);
    expectEnvFailure(r, out, /no space left on the device \(ENOSPC\)/);
    expect(readFileSync(join(out, 'grub/grub.cfg'), 'utf8')).toBe(before);
    expect(leftovers(disk)).toEqual([]);
    rmSync(join(disk, 'fill'));
  });

  it('a USB medium larger than the disk (the sparse writer): exit 3, ENOSPC, no temp dir left', (ctx) => {
    if (!disk) return ctx.skip();
    rmSync(join(disk, 'out'), { recursive: true, force: true });
    // the ESP's loaders and the images outgrow 2 MiB while the medium is written
    const site = join(root, 'vhd-lab');
    cpSync(join(REPO, 'examples/vhd-lab'), site, { recursive: true });
    writeFileSync(join(site, 'images', 'big.bin'), Buffer.alloc(3 << 20, 7));
    const yaml = readFileSync(join(site, 'site.yaml'), 'utf8').replace(/^images:\n/m, 'images:\n  big: {path: images/big.bin}\n');
    writeFileSync(join(site, 'site.yaml'), yaml);
    const out = join(disk, 'media-out');
    const r = runCli(['build', join(site, 'site.yaml'), '--only', 'usb', '-o', out]);
    // named in the out dir, as the user knows it (not the temp dir it was being written in)
    expectEnvFailure(r, join(out, 'media/vhdlab-usb.img'), /no space left on the device \(ENOSPC\)/);
    expect(leftovers(disk)).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });

  it('image create on a full disk: exit 3, nothing left behind', (ctx) => {
    if (!disk) return ctx.skip();
    const fill = spawnSync('dd', ['if=/dev/zero', `of=${join(disk, 'fill')}`, 'bs=64k'], { stdio: 'ignore' });
    expect(fill.status).not.toBe(0);
    const file = join(disk, 'x.vhd');
    expectEnvFailure(runCli(['image', 'create', file, '--size', '64MiB', '--type', 'fixed']), file, /\(ENOSPC\)/);
    expect(leftovers(disk)).toEqual([]);
    expect(existsSync(file)).toBe(false);
    rmSync(join(disk, 'fill'));
  });
});

describe('a PXE tree whose kernel outgrows the disk (copy-ranges through the sparse writer)', () => {
  it('exit 3, ENOSPC naming the kernel in the out dir, no temp dir left', (ctx) => {
    const disk = mountTmpfs('pxe-full', '12m');
    if (!disk) return ctx.skip();
    const site = join(root, 'pxe-site');
    cpSync(join(REPO, 'examples/lanparty'), site, { recursive: true });
    mkdirSync(join(site, 'boot'));
    // random bytes: no holes for the copy to skip
    writeFileSync(join(site, 'boot/vmlinuz'), Buffer.from(Array.from({ length: 16 << 20 }, (_v, i) => (i * 2654435761) >>> 24)));
    const yaml = readFileSync(join(site, 'site.yaml'), 'utf8').replace(/^entries:\n/m, 'entries:\n  - {id: big, title: Big, linux: {kernel: boot/vmlinuz}}\n');
    writeFileSync(join(site, 'site.yaml'), yaml);
    const out = join(disk, 'out');
    const r = runCli(['build', join(site, 'site.yaml'), '--only', 'pxe', '-o', out]);
    expectEnvFailure(r, join(out, 'pxe'), /no space left on the device \(ENOSPC\)/);
    expect(r.stderr).toContain('vmlinuz');
    expect(leftovers(disk)).toEqual([]);
    expect(existsSync(out)).toBe(false);
  });
});

describe('a read-only bind mount', () => {
  let ro: string | undefined;
  let src: string;
  beforeAll(() => {
    src = join(root, 'ro-src');
    mkdirSync(src);
    const dir = join(root, 'ro');
    mkdirSync(dir);
    if (!sh('mount', ['--bind', src, dir])) return void cannot(`bind-mount ${src}`);
    mounts.push(dir);
    if (!sh('mount', ['-o', 'remount,ro,bind', dir])) return void cannot(`remount ${dir} read-only`);
    ro = dir;
  });

  it('build -o, init and image create there are exit 3 (EROFS in words)', (ctx) => {
    if (!ro) return ctx.skip();
    const out = join(ro, 'out');
    expectEnvFailure(runCli(['build', LANPARTY, '--only', 'configs', '-o', out]), out, /read-only \(EROFS\)/);
    expectEnvFailure(runCli(['init', join(ro, 'site')]), join(ro, 'site'), /read-only \(EROFS\)/);
    expectEnvFailure(runCli(['image', 'create', join(ro, 'x.vhd'), '--size', '1MiB']), join(ro, 'x.vhd'), /read-only \(EROFS\)/);
    expect(readdirSync(src)).toEqual([]);
  });

  it('a previous out dir on a mount made read-only since is left intact', (ctx) => {
    if (!ro) return ctx.skip();
    const prev = join(root, 'prev-src');
    mkdirSync(prev);
    const dir = join(root, 'prev');
    mkdirSync(dir);
    expect(sh('mount', ['--bind', prev, dir])).toBe(true);
    mounts.push(dir);
    expect(runCli(['build', VHDLAB, '--only', 'configs', '-o', join(dir, 'out')]).status).toBe(0);
    const before = readdirSync(join(dir, 'out'), { recursive: true }).sort();
    expect(sh('mount', ['-o', 'remount,ro,bind', dir])).toBe(true);
    expectEnvFailure(runCli(['build', VHDLAB, '--only', 'configs', '-o', join(dir, 'out')]), join(dir, 'out'), /\(EROFS\)/);
    expect(readdirSync(join(dir, 'out'), { recursive: true }).sort()).toEqual(before);
    expect(leftovers(dir)).toEqual([]);
  });
});
