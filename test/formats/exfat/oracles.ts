// Native exFAT oracles for the tests: exfatprogs (fsck.exfat, dump.exfat, mkfs.exfat), exfat-fuse
// (read-only mount) and GRUB's own driver (grub-fstest). exfat-fuse 1.3.0 always mounts with
// `blkdev` (fuseblk), so "Block device required" for a plain file: the mount goes through a
// read-only loop device (losetup -r), detached again whatever happens.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { findOracle, run } from '../../helpers/oracle.js';

export const fsck = findOracle({ name: 'fsck.exfat', pkg: 'exfatprogs' });
export const dump = findOracle({ name: 'dump.exfat', pkg: 'exfatprogs' });
export const mkfs = findOracle({ name: 'mkfs.exfat', pkg: 'exfatprogs' });
export const fuse = findOracle({ name: 'mount.exfat-fuse', pkg: 'exfat-fuse' });
export const losetup = findOracle({ name: 'losetup', pkg: 'mount' });
export const umount = findOracle({ name: 'umount', pkg: 'mount' });
export const grubFstest = findOracle({ name: 'grub-fstest', pkg: 'grub-common' });
export const grubProbe = findOracle({ name: 'grub-probe', pkg: 'grub-common' });

const tool = (o: { path: string | undefined; name: string }): string => o.path ?? o.name;

/** fsck.exfat -n: exit 0, "clean", and none of its repair messages. */
export function expectFsckClean(image: string): void {
  const r = run(tool(fsck), ['-n', '-v', image]);
  const out = r.stdout + r.stderr;
  expect(r.status, out).toBe(0);
  expect(out).toMatch(/clean/);
  expect(out).not.toMatch(/fix|corrupt|wrong|broken|invalid|not correct|marked as free|error/i);
}

/** dump.exfat's "Name: value" lines as a map. */
export function dumpFields(image: string): Map<string, string> {
  const r = run(tool(dump), [image]);
  expect(r.status, r.stderr).toBe(0);
  const fields = new Map<string, string>();
  for (const line of r.stdout.split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line.trim());
    if (m?.[1] && m[2] !== undefined) fields.set(m[1].trim(), m[2].trim());
  }
  return fields;
}

/** Mounts `image` with exfat-fuse (read-only unless asked), runs `fn` on the mount point, always cleans up. */
export async function withFuseMount<T>(image: string, fn: (dir: string) => T | Promise<T>, options: { readWrite?: boolean } = {}): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'bootgen-exfat-mnt-'));
  const loop = run(tool(losetup), ['-f', '--show', ...(options.readWrite ? [] : ['-r']), image]);
  expect(loop.status, loop.stderr).toBe(0);
  const dev = loop.stdout.trim();
  let mounted = false;
  try {
    const m = run(tool(fuse), ['-o', options.readWrite ? 'rw' : 'ro', dev, dir]);
    expect(m.status, m.stdout + m.stderr).toBe(0);
    // exfat-fuse warns (and still mounts) on a dirty volume or bad times: treat as a finding
    expect(m.stderr).not.toMatch(/WARN|ERROR|invalid|bad /i);
    mounted = true;
    return await fn(dir);
  } finally {
    // a busy mount (a reader still open) is detached lazily so the loop device is still freed
    if (mounted && run(tool(umount), [dir]).status !== 0) run(tool(umount), ['-l', dir]);
    run(tool(losetup), ['-d', dev]);
    rmSync(dir, { recursive: true, force: true });
  }
}

/** grub-fstest with GRUB's exfat driver; returns stdout, expecting exit 0. */
export function grub(image: string, args: readonly string[]): string {
  const r = run(tool(grubFstest), [image, ...args]);
  expect(r.status, `grub-fstest ${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(0);
  return r.stdout;
}

/** grub-probe -t WHAT -d IMAGE: GRUB's view of the filesystem type, UUID or label. */
export function grubProbe1(image: string, what: 'fs' | 'fs_uuid' | 'fs_label'): string {
  const r = run(tool(grubProbe), ['-t', what, '-d', image]);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout.trim();
}

/** grub-fstest with options before the image (-s OFFSET -n LENGTH … cat). */
export function grubWith(options: readonly string[], image: string, args: readonly string[]): string {
  const r = run(tool(grubFstest), [...options, image, ...args], { timeoutMs: 300_000 });
  expect(r.status, `grub-fstest ${args.join(' ')}: ${r.stdout}${r.stderr}`).toBe(0);
  return r.stdout;
}
