// `bootgen loaders`: what was found where; a missing loader names its package and exits 3, and
// `bootgen build` refuses to write media without it (exit 3, nothing written).
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findOracle, oraclesPresent } from '../helpers/oracle.js';
import { runCli } from './run-cli.js';

const work = mkdtempSync(join(tmpdir(), 'bootgen-loaders-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function site(extra: string): string {
  const file = join(work, `site-${Math.random().toString(36).slice(2, 8)}.yaml`);
  writeFileSync(
    file,
    `bootgen: 1\nsite: ldr\nmenu: {title: T}\nentries:\n  - {id: r, title: R, grub: "echo r"}\nmedia:\n  usb: {size: 32MiB, table: gpt, firmware: [bios, uefi], secure-boot: true, label: LDR, dialect: grub}\n${extra}`,
  );
  return file;
}

const grub = [findOracle({ name: 'grub-mkimage', pkg: 'grub-common' }), findOracle({ name: '/usr/lib/shim/shimx64.efi.signed', pkg: 'shim-signed' })];

describe.skipIf(!oraclesPresent(grub, 'bootgen loaders'))('bootgen loaders', () => {
  it('lists every loader with where it was found', () => {
    const r = runCli(['loaders', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { loaders: { medium: string; key: string; found: boolean; path: string }[]; missing: number };
    expect(out.missing).toBe(0);
    expect(out.loaders).toContainEqual(expect.objectContaining({ medium: 'usb', key: 'shim', found: true, path: '/usr/lib/shim/shimx64.efi.signed' }));
    expect(out.loaders.map((l) => l.medium)).toEqual(expect.arrayContaining(['usb', 'iso', 'pxe']));
  });

  it('exits 3 naming the package when a site needs a loader that is missing', () => {
    const file = site('loaders:\n  shim: nowhere/shimx64.efi.signed\n');
    const r = runCli(['loaders', file]);
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/usb\s+shim\s+MISSING\s+install shim-signed/);
    const out = join(work, 'out');
    const b = runCli(['build', file, '-o', out, '--only', 'usb']);
    expect(b.status).toBe(3);
    expect(b.stderr).toContain('env/loader-missing');
    expect(existsSync(out)).toBe(false);
  });

  it("honours the site's overrides for every medium, PXE too, and lists rows sorted", () => {
    const file = site(`network:\n  server: 10.3.0.1\n  http: http://10.3.0.1/b\n  dhcp: {mode: proxy, subnet: 10.3.0.0/24}\nloaders:\n  ipxe-efi: /usr/lib/ipxe/ipxe.efi\n  grub-i386-pc-modules: nowhere/i386-pc\n`);
    writeFileSync(file, `${readFileSync(file, 'utf8').replace('media:\n', 'media:\n  pxe: {}\n')}`);
    const r = runCli(['loaders', file, '--json']);
    const out = JSON.parse(r.stdout) as { exitCode: number; loaders: { medium: string; key: string; found: boolean; source: string; path: string }[]; diagnostics: { code: string }[] };
    expect(r.status).toBe(3);
    expect(out.loaders).toContainEqual(expect.objectContaining({ medium: 'pxe', key: 'ipxe-efi', found: true, source: 'override', path: '/usr/lib/ipxe/ipxe.efi' }));
    expect(out.loaders).toContainEqual(expect.objectContaining({ medium: 'pxe', key: 'grub-i386-pc-modules', found: false, source: 'override' }));
    const order = out.loaders.map((l) => `${l.medium}:${l.key}`);
    expect(order).toEqual([...order].sort());
    expect(out.diagnostics.map((d) => d.code)).toContain('env/loader-missing');
  });

  it('a vboot stick needs the user-supplied VBoot Loader: a row for it, exit 3 and the same error from build', () => {
    const file = join(work, 'vboot.yaml');
    writeFileSync(file, 'bootgen: 1\nsite: vb\nentries:\n  - {id: r, title: R, grub: "echo r"}\nmedia:\n  usb: {size: 32MiB, firmware: [bios], dialect: vboot}\n');
    const r = runCli(['loaders', file]);
    expect(r.status).toBe(3);
    expect(r.stdout).toMatch(/usb\s+vboot\.loader\s+MISSING\s+set loaders\.vboot\.loader/);
    const b = runCli(['build', file, '-o', join(work, 'vb-out')]);
    expect(b.status).toBe(3);
    expect(b.stderr).toMatch(/env\/loader-missing\] VBoot Loader \(user-supplied\) \(vboot\.loader\) not found/);
  });
});
