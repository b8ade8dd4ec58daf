// Test helper: a site.yaml whose default entry prints a marker (raw GRUB lines) or boots Debian's
// kernel with a busybox initramfs built here (busybox-static + cpio) whose /init prints a marker.
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const E2E_MARKER = 'BOOTGEN-E2E-OK';
export const LINUX_MARKER = 'BOOTGEN-LINUX-OK';

export function debianKernel(): string | undefined {
  const k = readdirSync('/boot').filter((f) => f.startsWith('vmlinuz-')).sort().pop();
  return k ? join('/boot', k) : undefined;
}

/** Writes boot/initrd.img (newc cpio: busybox + /init) under `dir`. */
export function buildInitramfs(dir: string): void {
  const root = join(dir, 'initramfs');
  mkdirSync(join(root, 'bin'), { recursive: true });
  copyFileSync('/bin/busybox', join(root, 'bin/busybox'));
  writeFileSync(
    join(root, 'init'),
    ['#!/bin/busybox sh', `/bin/busybox echo "${LINUX_MARKER.slice(0, 8)}""${LINUX_MARKER.slice(8)} kernel=$(/bin/busybox uname -r)"`, '/bin/busybox poweroff -f', ''].join('\n'),
  );
  chmodSync(join(root, 'init'), 0o755);
  mkdirSync(join(dir, 'boot'), { recursive: true });
  const r = spawnSync('sh', ['-c', `cd "${root}" && find . | cpio -o -H newc --quiet > "${join(dir, 'boot/initrd.img')}"`], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cpio: ${r.stderr}`);
}

export interface BootSiteOptions {
  readonly dir: string;
  readonly name: string;
  readonly defaultEntry: 'marker' | 'kernel';
}

/** Writes site.yaml (+ kernel and initramfs) into `dir`; returns its path. */
export function writeBootSite(o: BootSiteOptions): string {
  const kernel = debianKernel();
  if (!kernel) throw new Error('no /boot/vmlinuz-*');
  mkdirSync(join(o.dir, 'boot'), { recursive: true });
  copyFileSync(kernel, join(o.dir, 'boot/vmlinuz'));
  buildInitramfs(o.dir);
  const yaml = `bootgen: 1
site: ${o.name}
epoch: 2026-01-01T00:00:00Z
menu: {title: Boot test, timeout: 0, default: ${o.defaultEntry}, serial: {unit: 0, speed: 115200}}
entries:
  - id: marker
    title: Marker
    grub: |
      echo "${E2E_MARKER} platform=$grub_platform root=$root lockdown=$lockdown"
      halt
  - id: kernel
    title: Debian kernel
    linux: {kernel: boot/vmlinuz, initrd: [boot/initrd.img], args: "console=ttyS0,115200 panic=-1 quiet"}
media:
  usb: {size: 64MiB, table: gpt, firmware: [bios, uefi], secure-boot: true, label: ${o.name.toUpperCase()}, dialect: grub}
  iso: {label: ${o.name.toUpperCase()}, firmware: [bios, uefi]}
`;
  const file = join(o.dir, 'site.yaml');
  writeFileSync(file, yaml);
  return file;
}
