// `bootgen loaders`: what was found where; a missing loader names its package and exits 3, and
// `bootgen build` refuses to write media without it (exit 3, nothing written).
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
});
