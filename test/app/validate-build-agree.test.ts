// One plan, two verbs: for every broken site of this corpus (one per check `build` makes),
// `bootgen validate` reports the same error codes as `bootgen build`, exits with the same code,
// and neither writes anything. Both run in process with the real ports (Debian's loaders).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildSite } from '../../src/app/build.js';
import { validateSite } from '../../src/app/validate.js';
import { BootgenError } from '../../src/diagnostics/errors.js';
import { exitCodeFor } from '../../src/diagnostics/exit-codes.js';
import { nodePorts } from '../../src/io/node-ports.js';
import { createImage } from '../chain/helpers.js';
import { findOracle, oraclesPresent } from '../helpers/oracle.js';

const ports = nodePorts();
const root = mkdtempSync(join(tmpdir(), 'bootgen-agree-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const HEAD = 'bootgen: 1\nsite: t\nepoch: 2026-01-01T00:00:00Z\nmenu: {title: T, timeout: 1}\n';
const LIVE = '  - {id: live, title: Live, linux: {kernel: boot/vmlinuz, initrd: [boot/initrd]}}\n';
const USB = 'media:\n  usb: {size: 64MiB, table: gpt, firmware: [bios, uefi]}\n';
const NET = 'network:\n  server: 10.9.0.1\n  http: http://10.9.0.1/boot\n  san: iscsi\n  dhcp: {mode: full, subnet: 10.9.0.0/24}\n  overlays: {engine: qcow2, dir: /srv/o, export: tgt}\n';
const MACHINE = 'machines:\n  - {name: a, mac: "52:54:00:00:00:01"}\n';

interface Case {
  readonly name: string;
  readonly yaml: string;
  /** files to make, relative to the site dir: bytes, or 'fifo' */
  readonly files?: Readonly<Record<string, number | 'fifo'>>;
  readonly make?: (dir: string) => Promise<void>;
  /** error codes both verbs must report (at least) */
  readonly codes: readonly string[];
}

const kernel = { 'boot/vmlinuz': 4096, 'boot/initrd': 4096 };

const CASES: readonly Case[] = [
  { name: 'missing kernel on the stick', yaml: `${HEAD}entries:\n${LIVE}${USB}`, files: { 'boot/initrd': 10 }, codes: ['media/payload-missing'] },
  { name: 'a FIFO as the initrd', yaml: `${HEAD}entries:\n${LIVE}${USB}`, files: { 'boot/vmlinuz': 10, 'boot/initrd': 'fifo' }, codes: ['media/payload-not-a-file'] },
  { name: 'stick too small for its payload', yaml: `${HEAD}entries:\n${LIVE}media:\n  usb: {size: 8MiB, table: gpt, firmware: [uefi]}\n`, files: { 'boot/vmlinuz': 16 * 2 ** 20, 'boot/initrd': 10 }, codes: ['media/fat-full'] },
  { name: 'stick too small for a partition table', yaml: `${HEAD}entries:\n${LIVE}media:\n  usb: {size: 1MiB, table: gpt, firmware: [uefi]}\n`, files: kernel, codes: ['media/usb-too-small'] },
  { name: 'loader override naming a missing file', yaml: `${HEAD}entries:\n${LIVE}media:\n  usb: {size: 64MiB, firmware: [uefi], secure-boot: true}\nloaders: {shim: vendor/missing-shim.efi}\n`, files: kernel, codes: ['env/loader-missing'] },
  { name: 'a vboot stick without loaders.vboot', yaml: `${HEAD}entries:\n${LIVE}media:\n  usb: {size: 64MiB, firmware: [bios], dialect: vboot}\n`, files: kernel, codes: ['env/loader-missing'] },
  {
    name: 'a broken chain', yaml: `${HEAD}images:\n  base: images/base.vhd\n  child: {path: images/child.vhd, parent: other}\n  other: images/other.vhd\nentries:\n  - {id: d, title: D, disk: child}\n${LIVE}${USB}`, files: kernel,
    make: async (dir) => {
      mkdirSync(join(dir, 'images'));
      await createImage({ file: join(dir, 'images/base.vhd'), size: 2 ** 20 });
      await createImage({ file: join(dir, 'images/other.vhd'), size: 2 ** 20 });
      await createImage({ file: join(dir, 'images/child.vhd'), parent: join(dir, 'images/base.vhd') });
    },
    codes: ['chain/manifest-parent-mismatch'],
  },
  {
    name: 'a Windows VHD on the FAT ESP', yaml: `${HEAD}images: {w: images/w.vhd}\nentries:\n  - {id: w, title: W, disk: w, windows: {}}\n${USB}loaders:\n  windows: {bootmgr: win/bootmgr, bootmgfw: win/bootmgfw.efi}\n`,
    files: { 'win/bootmgr': 10, 'win/bootmgfw.efi': 10 },
    make: async (dir) => {
      mkdirSync(join(dir, 'images'));
      await createImage({ file: join(dir, 'images/w.vhd'), size: 2 ** 20 });
    },
    codes: ['media/windows-vhd-not-ntfs'],
  },
  { name: 'a data partition too small for its images', yaml: `${HEAD}images: {iso: isos/big.iso}\nentries:\n  - {id: c, title: C, cdrom: iso}\nmedia:\n  usb: {size: 128MiB, firmware: [uefi], esp: 64MiB, data: {fs: exfat}}\n`, files: { 'isos/big.iso': 100 * 2 ** 20 }, codes: ['media/exfat-full'] },
  { name: 'a data partition label NTFS forbids', yaml: `${HEAD}entries:\n${LIVE}media:\n  usb: {size: 128MiB, firmware: [uefi], esp: 64MiB, data: {fs: ntfs, label: "a/b"}}\n`, files: kernel, codes: ['media/ntfs-bad-label'] },
  { name: 'names that collide after case folding on the data partition', yaml: `${HEAD}images: {a: isos/Live.iso, b: isos/live.ISO}\nentries:\n  - {id: a, title: A, cdrom: a}\n  - {id: b, title: B, cdrom: b}\nmedia:\n  usb: {size: 128MiB, firmware: [uefi], esp: 64MiB, data: {fs: ntfs}}\n`, files: { 'isos/Live.iso': 4096, 'isos/live.ISO': 4096 }, codes: ['media/ntfs-name-collision'] },
  { name: 'a PXE tree missing its kernel', yaml: `${HEAD}entries:\n${LIVE}${MACHINE}${NET}media:\n  pxe: {}\n`, files: { 'boot/initrd': 10 }, codes: ['media/payload-missing'] },
  { name: 'a MAC typo beside a missing kernel', yaml: `${HEAD}entries:\n${LIVE}machines:\n  - {name: a, mac: "52:54:00:00:00:zz"}\n${NET}${USB}`, files: { 'boot/initrd': 10 }, codes: ['model/malformed-mac', 'media/payload-missing'] },
  { name: 'a kernel that climbs out of the site', yaml: `${HEAD}entries:\n  - {id: live, title: Live, linux: {kernel: ../vmlinuz}}\n${USB}`, codes: ['model/path-escapes-site'] },
  {
    name: 'a kernel symlinked out of the site', yaml: `${HEAD}entries:\n${LIVE}${USB}`, files: { 'boot/initrd': 10 },
    make: async (dir) => {
      writeFileSync(join(dir, '..', 'outside-vmlinuz'), 'x');
      symlinkSync('../../outside-vmlinuz', join(dir, 'boot/vmlinuz'));
    },
    codes: ['model/path-escapes-site'],
  },
  { name: 'a FIFO as an image', yaml: `${HEAD}images: {iso: isos/live.iso}\nentries:\n  - {id: c, title: C, cdrom: iso}\n${USB}`, files: { 'isos/live.iso': 'fifo' }, codes: ['chain/image-not-a-file'] },
  { name: 'a key typo beside a MAC typo', yaml: `${HEAD}entries:\n${LIVE}machnes: []\nmachines:\n  - {name: a, mac: "52:54:00:00:00:zz"}\n${NET}`, files: kernel, codes: ['manifest/unknown-key', 'model/malformed-mac'] },
];

function makeCase(c: Case): string {
  const dir = join(root, c.name.replace(/[^a-z0-9]+/gi, '-'));
  for (const sub of ['boot', 'win', 'isos']) mkdirSync(join(dir, sub), { recursive: true });
  writeFileSync(join(dir, 'site.yaml'), c.yaml);
  for (const [rel, what] of Object.entries(c.files ?? {})) {
    if (what === 'fifo') execFileSync('mkfifo', [join(dir, rel)]);
    else {
      writeFileSync(join(dir, rel), '');
      execFileSync('truncate', ['-s', String(what), join(dir, rel)]);
    }
  }
  return dir;
}

const errorCodes = (ds: readonly { code: string; severity: string }[]): string[] => [...new Set(ds.filter((d) => d.severity === 'error').map((d) => d.code))].sort();

const loaders = ['grub-mkimage', '/usr/lib/shim/shimx64.efi.signed', '/usr/lib/grub/i386-pc/boot.img'].map((name) => findOracle({ name, pkg: 'grub-common, grub-pc-bin, shim-signed' }));

describe.skipIf(!oraclesPresent(loaders, 'validate and build agree (real loaders)'))('validate and build agree on every build-time check', () => {
  it.each(CASES)('$name', async (c) => {
    const dir = makeCase(c);
    await c.make?.(dir);
    const out = join(dir, 'out');
    const validated = await validateSite(join(dir, 'site.yaml'), ports);
    const built = await buildSite({ file: join(dir, 'site.yaml'), out }, ports).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(built).toBeInstanceOf(BootgenError);
    const err = built as BootgenError;
    expect(errorCodes(validated.diagnostics)).toEqual(errorCodes(err.diagnostics));
    for (const code of c.codes) expect(errorCodes(err.diagnostics)).toContain(code);
    expect(exitCodeFor(validated.diagnostics)).toBe(err.exitCode);
    // nothing written: no out dir, no temp dir beside it
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(dir).filter((f) => f.startsWith('.out'))).toEqual([]);
  });

  it('agree on the examples too: no errors, the same warnings', async () => {
    for (const example of ['lanparty', 'vhd-lab']) {
      const file = join(import.meta.dirname, '../../examples', example, 'site.yaml');
      const validated = await validateSite(file, ports);
      const built = await buildSite({ file, out: join(root, `${example}-out`) }, ports);
      const warnings = (ds: readonly { code: string; severity: string; message: string }[]) => ds.filter((d) => d.severity === 'warning').map((d) => `${d.code} ${d.message}`);
      expect(warnings(validated.diagnostics)).toEqual(warnings(built.diagnostics));
      expect(errorCodes(validated.diagnostics)).toEqual([]);
    }
  });
});
