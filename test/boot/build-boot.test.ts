// End to end: `bootgen build --only usb,iso --json` on a site.yaml, then the seven QEMU cases
// (USB: SeaBIOS, OVMF, OVMF + Secure Boot; ISO as CD and as disk under SeaBIOS and OVMF), each
// running bootgen's grub.cfg from the grub target; and a `linux:` entry booting Debian's kernel.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOracle, oraclesPresent } from '../helpers/oracle.js';
import { bootQemu, OVMF, type DriveKind, type Firmware } from './qemu.js';
import { debianKernel, E2E_MARKER, LINUX_MARKER, writeBootSite } from './boot-site.js';

const oracles = [
  findOracle({ name: 'qemu-system-x86_64', pkg: 'qemu-system-x86' }),
  findOracle({ name: OVMF.codeSecure, pkg: 'ovmf' }),
  findOracle({ name: 'grub-mkimage', pkg: 'grub-common' }),
  findOracle({ name: '/usr/lib/shim/shimx64.efi.signed', pkg: 'shim-signed' }),
  findOracle({ name: '/bin/busybox', pkg: 'busybox-static' }),
  findOracle({ name: 'cpio', pkg: 'cpio' }),
  { ...findOracle({ name: debianKernel() ?? '/boot/vmlinuz', pkg: 'linux-image-amd64' }) },
];
const work = mkdtempSync(join(tmpdir(), 'bootgen-e2e-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

interface Built {
  readonly usb: string;
  readonly iso: string;
  readonly json: { artifacts: { kind: string; path: string; bytes: number; sha256: string }[] };
}

function build(site: string, out: string): Built {
  const r = spawnSync(process.execPath, ['bin/bootgen.js', 'build', site, '-o', out, '--only', 'usb,iso', '--json'], { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`bootgen build: ${r.status}\n${r.stdout}\n${r.stderr}`);
  const json = JSON.parse(r.stdout) as Built['json'];
  const path = (kind: string): string => join(out, json.artifacts.find((a) => a.kind === kind)?.path ?? 'missing');
  return { usb: path('usb'), iso: path('iso'), json };
}

const CASES: [string, 'usb' | 'iso', Firmware, DriveKind, RegExp][] = [
  ['USB under SeaBIOS', 'usb', 'seabios', 'ide', /platform=pc root=hd0,gpt2/],
  ['USB under OVMF', 'usb', 'ovmf', 'usb', /platform=efi root=hd\d,gpt2/],
  ['USB under OVMF + Secure Boot', 'usb', 'ovmf-secureboot', 'virtio', /platform=efi root=hd\d,gpt2 lockdown=y/],
  ['ISO as CD under SeaBIOS', 'iso', 'seabios', 'cdrom', /platform=pc root=(cd|hd9\d)/],
  ['ISO as CD under OVMF', 'iso', 'ovmf', 'cdrom', /platform=efi root=cd0/],
  ['ISO as disk under SeaBIOS', 'iso', 'seabios', 'ide', /platform=pc root=hd0/],
  ['ISO as disk under OVMF', 'iso', 'ovmf', 'ide', /platform=efi root=hd0/],
];

describe.skipIf(!oraclesPresent(oracles, 'bootgen build + QEMU boots'))('bootgen build → media boot in QEMU', () => {
  let built: Built;
  beforeAll(() => {
    const dir = join(work, 'site');
    mkdirSync(dir);
    built = build(writeBootSite({ dir, name: 'boote2e', defaultEntry: 'marker' }), join(work, 'out'));
  });

  it('--json lists the USB image and the ISO with sizes and sha256; a second build is identical', () => {
    const media = built.json.artifacts.filter((a) => a.kind === 'usb' || a.kind === 'iso');
    expect(media.map((a) => a.kind).sort()).toEqual(['iso', 'usb']);
    for (const a of media) {
      const bytes = readFileSync(join(work, 'out', a.path));
      expect(bytes.length).toBe(a.bytes);
      expect(createHash('sha256').update(bytes).digest('hex')).toBe(a.sha256);
    }
    const again = build(join(work, 'site/site.yaml'), join(work, 'out2'));
    expect(again.json.artifacts).toEqual(built.json.artifacts);
  });

  it.each(CASES)('%s: GRUB runs the grub target menu', async (name, medium, firmware, as, expectLine) => {
    const r = await bootQemu({ image: medium === 'usb' ? built.usb : built.iso, firmware, as, marker: `${E2E_MARKER} platform`, timeoutMs: 120_000 });
    expect(r.found, r.log.slice(-2000)).toBe(true);
    process.stdout.write(`boot ${name}: marker after ${r.seconds.toFixed(1)} s\n`);
    expect(r.log.slice(r.log.indexOf(E2E_MARKER))).toMatch(expectLine);
  });

  it('a linux: entry boots Debian’s kernel into a busybox initramfs', async () => {
    const dir = join(work, 'linux-site');
    mkdirSync(dir);
    const linux = build(writeBootSite({ dir, name: 'bootlinux', defaultEntry: 'kernel' }), join(work, 'linux-out'));
    const r = await bootQemu({ image: linux.usb, firmware: 'seabios', as: 'ide', marker: LINUX_MARKER, timeoutMs: 180_000 });
    expect(r.found, r.log.slice(-3000)).toBe(true);
    process.stdout.write(`boot linux: entry: init marker after ${r.seconds.toFixed(1)} s\n`);
    expect(r.log).toMatch(/BOOTGEN-LINUX-OK kernel=\d+\.\d+/);
  });
});
