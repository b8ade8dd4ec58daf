// The bundled example itself: `bootgen build examples/vhd-lab/site.yaml` writes a USB image and an
// ISO whose GRUB, in all seven QEMU cases, finds the medium by its label and draws the example's
// own menu on the serial console. (Its VHD entries need the user's VBoot Loader, so upstream GRUB's
// menu holds the Ubuntu live entry; test/boot/build-boot.test.ts boots entries end to end.)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOracle, oraclesPresent } from '../helpers/oracle.js';
import { bootQemu, OVMF, type DriveKind, type Firmware } from './qemu.js';

const oracles = [
  findOracle({ name: 'qemu-system-x86_64', pkg: 'qemu-system-x86' }),
  findOracle({ name: OVMF.codeSecure, pkg: 'ovmf' }),
  findOracle({ name: 'grub-mkimage', pkg: 'grub-common' }),
  findOracle({ name: '/usr/lib/shim/shimx64.efi.signed', pkg: 'shim-signed' }),
];
const work = mkdtempSync(join(tmpdir(), 'bootgen-example-boot-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const CASES: [string, 'usb' | 'iso', Firmware, DriveKind][] = [
  ['USB under SeaBIOS', 'usb', 'seabios', 'ide'],
  ['USB under OVMF', 'usb', 'ovmf', 'usb'],
  ['USB under OVMF + Secure Boot', 'usb', 'ovmf-secureboot', 'virtio'],
  ['ISO as CD under SeaBIOS', 'iso', 'seabios', 'cdrom'],
  ['ISO as CD under OVMF', 'iso', 'ovmf', 'cdrom'],
  ['ISO as disk under SeaBIOS', 'iso', 'seabios', 'ide'],
  ['ISO as disk under OVMF', 'iso', 'ovmf', 'ide'],
];

describe.skipIf(!oraclesPresent(oracles, 'example media boots'))('examples/vhd-lab media boot in QEMU', () => {
  const media: Record<'usb' | 'iso', string> = { usb: '', iso: '' };
  beforeAll(() => {
    const out = join(work, 'out');
    const r = spawnSync(process.execPath, ['bin/bootgen.js', 'build', 'examples/vhd-lab/site.yaml', '-o', out, '--only', 'usb,iso', '--json'], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`bootgen build: ${r.status}\n${r.stderr}`);
    const arts = (JSON.parse(r.stdout) as { artifacts: { kind: string; path: string }[] }).artifacts;
    for (const kind of ['usb', 'iso'] as const) media[kind] = join(out, arts.find((a) => a.kind === kind)?.path ?? 'missing');
  });

  it.each(CASES)('%s: GRUB reads the example grub.cfg and draws its menu', async (name, medium, firmware, as) => {
    const r = await bootQemu({ image: media[medium], firmware, as, marker: 'Ubuntu live', timeoutMs: 120_000 });
    expect(r.found, r.log.slice(-2000)).toBe(true);
    process.stdout.write(`boot vhd-lab ${name}: menu after ${r.seconds.toFixed(1)} s\n`);
    // the menu title is echoed by the site's config; the label search found the medium
    expect(r.log).toContain('VHD lab');
    expect(r.log).not.toMatch(/error: (no such device|file .* not found)/);
  });
});
