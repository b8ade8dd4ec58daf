// Helpers for network-boot tests: a tiny busybox initramfs that prints its kernel command line's
// bootgen.mark on serial and powers off, a static HTTP server for the PXE tree (the guest reaches
// the host as 10.0.2.2 on QEMU user networking), and a QEMU run with a bounded lifetime.
import { spawn } from 'node:child_process';
import { copyFileSync, createReadStream, existsSync, mkdirSync, readdirSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { join, normalize } from 'node:path';
import { run } from '../helpers/oracle.js';

export const MARK = 'BOOTGEN-NETBOOT-MARK';

/** Debian's newest /boot/vmlinuz-*, or undefined. */
export function debianKernel(): string | undefined {
  const k = readdirSync('/boot').filter((f) => f.startsWith('vmlinuz-')).sort().pop();
  return k ? `/boot/${k}` : undefined;
}

/** A gzip'd newc initramfs: /init prints `MARK <bootgen.mark=…>` and powers off. */
export function buildInitramfs(options: { dir: string; out: string }): void {
  const root = join(options.dir, 'initramfs-root');
  mkdirSync(join(root, 'bin'), { recursive: true });
  mkdirSync(join(root, 'proc'), { recursive: true });
  copyFileSync('/bin/busybox', join(root, 'bin/busybox'));
  writeFileSync(
    join(root, 'init'),
    ['#!/bin/busybox sh', '/bin/busybox mount -t proc proc /proc', `for w in $(/bin/busybox cat /proc/cmdline); do case "$w" in bootgen.mark=*) /bin/busybox echo "${MARK} \${w#bootgen.mark=}";; esac; done`, '/bin/busybox poweroff -f', ''].join('\n'),
  );
  chmodSync(join(root, 'init'), 0o755);
  const r = run('sh', ['-c', `cd '${root}' && find . | cpio -o -H newc --quiet | gzip -1 > '${options.out}'`]);
  if (r.status !== 0) throw new Error(`initramfs: ${r.stderr}`);
}

/** Serves `root` at http://127.0.0.1:<port><prefix>/… (GET and HEAD, Range not needed here). */
export function serveTree(options: { root: string; prefix: string }): Promise<{ server: Server; port: number; hits: string[] }> {
  const hits: string[] = [];
  const server = createServer((req, res) => {
    const url = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
    hits.push(url);
    const rel = url.startsWith(`${options.prefix}/`) ? normalize(url.slice(options.prefix.length + 1)) : undefined;
    const file = rel && !rel.startsWith('..') ? join(options.root, rel) : undefined;
    if (!file || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-length': statSync(file).size });
    if (req.method === 'HEAD') res.end();
    else createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const addr = server.address();
    resolve({ server, port: typeof addr === 'object' && addr ? addr.port : 0, hits });
  }));
}

export interface QemuRun {
  readonly serial: string;
  readonly timedOut: boolean;
  readonly code: number | null;
}

/**
 * Runs QEMU until it exits or `timeoutMs` passes (then SIGKILL); returns the serial log. `prefix`
 * (e.g. `nsenter --net=…`, which execs QEMU in place) runs it inside another namespace.
 */
export async function runQemu(options: { args: readonly string[]; timeoutMs: number; until?: RegExp; prefix?: readonly string[] }): Promise<QemuRun> {
  // TCG unless asked: /dev/kvm on this kind of host can be present yet unusable (nested CPUs)
  const accel = ['-accel', process.env.BOOTGEN_QEMU_ACCEL === 'kvm' ? 'kvm' : 'tcg'];
  const [cmd = 'qemu-system-x86_64', ...pre] = [...(options.prefix ?? []), 'qemu-system-x86_64'];
  const child = spawn(cmd, [...pre, ...accel, '-m', '512', '-display', 'none', '-no-reboot', '-monitor', 'none', '-serial', 'stdio', ...options.args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let serial = '';
  let timedOut = false;
  const onData = (b: Buffer): void => {
    serial += b.toString('latin1');
    if (options.until?.test(serial)) child.kill('SIGKILL');
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const timer = setTimeout(() => {
    timedOut = true;
    child.kill('SIGKILL');
  }, options.timeoutMs);
  return new Promise((resolve) => child.once('exit', (code) => {
    clearTimeout(timer);
    resolve({ serial, timedOut, code });
  }));
}

/** OVMF pflash pair (code read-only, a private copy of the vars) for a q35 guest. */
export function ovmfArgs(dir: string): string[] {
  const vars = join(dir, `ovmf-vars-${Math.random().toString(36).slice(2)}.fd`);
  copyFileSync('/usr/share/OVMF/OVMF_VARS_4M.fd', vars);
  return ['-machine', 'q35', '-drive', 'if=pflash,format=raw,readonly=on,file=/usr/share/OVMF/OVMF_CODE_4M.fd', '-drive', `if=pflash,format=raw,file=${vars}`];
}
