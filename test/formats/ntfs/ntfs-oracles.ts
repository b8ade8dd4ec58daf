// The native checks every NTFS test volume goes through (ntfs-exfat.md §4): ntfsfix -n,
// ntfsresize -i (cluster accounting), ntfsinfo -m, ntfsls -R against the expected tree, ntfscat
// of a sample, a read-only ntfs-3g mount hashing every file, and GRUB's driver via grub-fstest.
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { findOracle, run } from '../../helpers/oracle.js';

export const tools = {
  ntfsfix: findOracle({ name: 'ntfsfix', pkg: 'ntfs-3g' }),
  ntfsinfo: findOracle({ name: 'ntfsinfo', pkg: 'ntfs-3g' }),
  ntfsls: findOracle({ name: 'ntfsls', pkg: 'ntfs-3g' }),
  ntfscat: findOracle({ name: 'ntfscat', pkg: 'ntfs-3g' }),
  ntfsresize: findOracle({ name: 'ntfsresize', pkg: 'ntfs-3g' }),
  ntfssecaudit: findOracle({ name: 'ntfssecaudit', pkg: 'ntfs-3g' }),
  ntfs3g: findOracle({ name: 'ntfs-3g', pkg: 'ntfs-3g' }),
  mkntfs: findOracle({ name: 'mkntfs', pkg: 'ntfs-3g' }),
  grubFstest: findOracle({ name: 'grub-fstest', pkg: 'grub-common' }),
  grubProbe: findOracle({ name: 'grub-probe', pkg: 'grub-common' }),
  umount: findOracle({ name: 'umount', pkg: 'mount' }),
};
export const allTools = Object.values(tools);
const bin = (o: { path: string | undefined; name: string }): string => o.path ?? o.name;

/** Expected content: sha256 hex per file path, 'dir' per directory (the root excluded). */
export type Expected = ReadonlyMap<string, string>;

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

export function ntfsfixClean(img: string): void {
  const r = run(bin(tools.ntfsfix), ['-n', img]);
  expect(r.status, r.stdout + r.stderr).toBe(0);
  expect(r.stdout).toMatch(/Checking the alternate boot sector\.\.\. OK/);
}

export function clusterAccountingClean(img: string): void {
  const r = run(bin(tools.ntfsresize), ['-i', '-f', img]);
  expect(r.status, r.stdout + r.stderr).toBe(0);
  expect(r.stdout + r.stderr).not.toMatch(/fail|error|corrupt/i);
}

/** ntfsinfo -v of every system record in use (0–15, 24–26) and of the given paths: each must dump without error. */
export function ntfsinfoRecords(img: string, paths: readonly string[]): void {
  const system = [...Array.from({ length: 16 }, (_, i) => i), 24, 25, 26];
  for (const args of [...system.map((i) => ['-i', String(i)]), ...paths.map((p) => ['-F', p])]) {
    const r = run(bin(tools.ntfsinfo), [...args, '-v', img]);
    expect(r.status, `ntfsinfo ${args.join(' ')}: ${r.stderr}`).toBe(0);
    // ntfsinfo -v cannot dump a value over 64 KiB (§3 #17): $SDS (256 KiB + 100), as on mkntfs's volumes
    const known = /^(Corrupt attribute 0x80 in inode 9|Failed to read \$SDS attribute: Value too large for defined data type)$/;
    const lines = (r.stdout + r.stderr).split('\n').filter((l) => !known.test(l));
    expect(lines.filter((l) => /corrupt|error|failed/i.test(l)), `ntfsinfo ${args.join(' ')}`).toEqual([]);
  }
}

/** ntfssecaudit -a: $SDS (and its mirror), $SII and $SDH consistent with each other (§1.9). */
export function securityAuditClean(img: string): void {
  const r = run(bin(tools.ntfssecaudit), ['-a', img]);
  expect(r.status, r.stdout + r.stderr).toBe(0);
  expect(r.stdout).toMatch(/All keys are present in all lists/);
  expect(r.stdout).toMatch(/No errors were found/);
}

export function ntfsinfoVolume(img: string): string {
  const r = run(bin(tools.ntfsinfo), ['-m', img]);
  expect(r.status, r.stderr).toBe(0);
  return r.stdout;
}

/** Parses `ntfsls -R` into full paths (directories included). */
export function ntfslsTree(img: string): Set<string> {
  const r = run(bin(tools.ntfsls), ['-R', img]);
  expect(r.status, r.stderr).toBe(0);
  const out = new Set<string>();
  for (const block of r.stdout.split('\n\n')) {
    const [head, ...names] = block.split('\n').filter((l) => l !== '');
    if (!head?.endsWith(':')) continue;
    const dir = head.slice(0, -1);
    for (const n of names) if (n !== '.' && n !== '..') out.add(`${dir === '/' ? '' : dir}/${n}`);
  }
  return out;
}

export function ntfscatHash(img: string, path: string): string {
  const r = spawnBytes(bin(tools.ntfscat), [img, path]);
  expect(r.status, `ntfscat ${path}: ${r.stderr}`).toBe(0);
  return sha256(r.stdout);
}

import { spawnSync } from 'node:child_process';
function spawnBytes(cmd: string, args: string[]): { status: number | null; stdout: Buffer; stderr: string } {
  const r = spawnSync(cmd, args, { maxBuffer: 1 << 30 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr.toString() };
}

/** Modification times (seconds) of everything ntfs-3g shows, read-only, always unmounted. */
export function mountedTimes(img: string): Set<number> {
  const dir = mkdtempSync(join(tmpdir(), 'bootgen-ntfs-mnt-'));
  const m = run(bin(tools.ntfs3g), ['-o', 'ro', img, dir]);
  try {
    expect(m.status, m.stdout + m.stderr).toBe(0);
    const out = new Set<number>();
    const walk = (rel: string): void => {
      for (const name of readdirSync(join(dir, rel))) {
        const st = statSync(join(dir, rel, name));
        out.add(st.mtimeMs / 1000);
        if (st.isDirectory()) walk(`${rel}/${name}`);
      }
    };
    walk('');
    return out;
  } finally {
    if (m.status === 0) run(bin(tools.umount), [dir]);
    rmdirSync(dir);
  }
}

/** Mounts read-only with ntfs-3g, returns what it sees (sha256 per file, 'dir' per directory), always unmounts. */
export function mountedTree(img: string): Map<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'bootgen-ntfs-mnt-'));
  const m = run(bin(tools.ntfs3g), ['-o', 'ro', img, dir]);
  try {
    expect(m.status, m.stdout + m.stderr).toBe(0);
    const out = new Map<string, string>();
    const walk = (rel: string): void => {
      for (const name of readdirSync(join(dir, rel))) {
        const p = `${rel}/${name}`;
        if (statSync(join(dir, p)).isDirectory()) {
          out.set(p, 'dir');
          walk(p);
        } else {
          out.set(p, sha256(readFileSync(join(dir, p))));
        }
      }
    };
    walk('');
    return out;
  } finally {
    if (m.status === 0) {
      const u = run(bin(tools.umount), [dir]);
      if (u.status !== 0) run('fusermount', ['-u', dir]);
    }
    rmdirSync(dir);
  }
}

/** Reads `length` bytes at `offset` of a file on a read-only ntfs-3g mount; always unmounts. */
export function readMounted(img: string, reads: readonly { path: string; offset: number; length: number }[]): { sizes: number[]; data: Buffer[] } {
  const dir = mkdtempSync(join(tmpdir(), 'bootgen-ntfs-mnt-'));
  const m = run(tools.ntfs3g.path ?? 'ntfs-3g', ['-o', 'ro', img, dir]);
  try {
    expect(m.status, m.stderr).toBe(0);
    const sizes: number[] = [];
    const data: Buffer[] = [];
    for (const r of reads) {
      const fd = openSync(join(dir, r.path), 'r');
      const b = Buffer.alloc(r.length);
      readSync(fd, b, 0, r.length, r.offset);
      closeSync(fd);
      sizes.push(statSync(join(dir, r.path)).size);
      data.push(b);
    }
    return { sizes, data };
  } finally {
    if (m.status === 0) run(tools.umount.path ?? 'umount', [dir]);
    rmdirSync(dir);
  }
}

export function grub(img: string, ...args: string[]): { status: number | null; stdout: string; stderr: string } {
  return run(bin(tools.grubFstest), [img, ...args]);
}

/** grub-fstest with its stdout as bytes (cat of binary data). */
export function grubBytes(img: string, ...args: string[]): { status: number | null; stdout: Buffer; stderr: string } {
  return spawnBytes(bin(tools.grubFstest), [img, ...args]);
}

export function probe(img: string, what: string): { status: number | null; stdout: string; stderr: string } {
  return run(bin(tools.grubProbe), ['-t', what, '-d', img]);
}

/** A read-write ntfs-3g session on a copy (checks $LogFile, §1.12), then ntfsfix -n again. */
export function readWriteSession(img: string, edits: { remove: readonly string[]; rename: readonly (readonly [string, string])[] } = { remove: [], rename: [] }): Map<string, string> {
  const copy = `${img}.rw`;
  // cp keeps the holes (copyFileSync would write every zero of a 64 GiB image)
  expect(run('cp', ['--sparse=always', img, copy]).status).toBe(0);
  const dir = mkdtempSync(join(tmpdir(), 'bootgen-ntfs-rw-'));
  const m = run(bin(tools.ntfs3g), [copy, dir]);
  try {
    expect(m.status, m.stdout + m.stderr).toBe(0);
    expect(m.stdout + m.stderr).not.toMatch(/restart pages|unsafe|read-only/i);
    writeFileSync(join(dir, 'written-by-ntfs-3g.txt'), 'ok');
    mkdirSync(join(dir, 'new dir'));
    // files we wrote must be deletable and renamable: ntfs-3g unlinks a Win32 name through its
    // DOS partner (dos-name.ts), and rewrites the parent index around our B-tree
    for (const p of edits.remove) rmSync(join(dir, p), { recursive: true });
    for (const [from, to] of edits.rename) renameSync(join(dir, from), join(dir, to));
  } finally {
    if (m.status === 0) run(bin(tools.umount), [dir]);
    rmdirSync(dir);
  }
  ntfsfixClean(copy);
  const after = mountedTree(copy);
  rmSync(copy);
  return after;
}

/** Everything above. Every file is read with ntfscat and GRUB except most of a /many/ directory. */
export function checkAll(img: string, expected: Expected, sources: ReadonlyMap<string, string>): void {
  ntfsfixClean(img);
  clusterAccountingClean(img);
  securityAuditClean(img);
  expect(ntfsinfoVolume(img)).toMatch(/Volume Version: 3\.1/);
  expect([...ntfslsTree(img)].sort()).toEqual([...expected.keys()].sort());
  // §4: every name, system files included, with inode numbers and sizes
  const all = run(bin(tools.ntfsls), ['-a', '-s', '-i', '-l', '-R', img]);
  expect(all.status, all.stderr).toBe(0);
  // ntfsls cannot type the $Extend view indexes; it prints the same for a fresh mkntfs volume
  expect(all.stderr.split('\n').filter((l) => l !== '' && !/^Could not decode the type of inode 2[456]$/.test(l))).toEqual([]);
  for (const sys of ['$MFT', '$MFTMirr', '$LogFile', '$Volume', '$AttrDef', '$Bitmap', '$Boot', '$BadClus', '$Secure', '$UpCase', '$Extend']) expect(all.stdout).toContain(sys);
  const files = [...expected].filter(([, h]) => h !== 'dir');
  const picked = files.filter(([p], i) => !p.startsWith('/many/') || i % 25 === 0);
  for (const [p, h] of picked) expect(ntfscatHash(img, p), p).toBe(h);
  expect(mountedTree(img)).toEqual(new Map([...expected].sort()));
  const ls = grub(img, 'ls', '/');
  expect(ls.status, ls.stderr).toBe(0);
  for (const p of expected.keys()) {
    const top = p.split('/')[1] ?? '';
    if (!top.includes(' ') && p.split('/').length === 2) expect(ls.stdout.split(/\s+/), `grub ls / shows ${top}`).toContain(expected.get(p) === 'dir' ? `${top}/` : top);
  }
  for (const [p] of picked) {
    const src = sources.get(p);
    if (!src) continue;
    const c = grub(img, 'cmp', p, src);
    expect(c.status, `grub-fstest cmp ${p}: ${c.stdout}${c.stderr}`).toBe(0);
  }
}
