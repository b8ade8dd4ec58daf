// Real boots of bootgen's USB image in QEMU: GRUB must load bootgen's /boot/grub/grub.cfg and
// print the marker on the serial console under SeaBIOS, OVMF and OVMF + Secure Boot (MS keys).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findOracle, oraclesPresent } from '../helpers/oracle.js';
import { buildUsb } from '../media/build-usb.js';
import { makeSite, markerGrubCfg } from '../media/site-fixture.js';
import { bootQemu, OVMF, type DriveKind, type Firmware } from './qemu.js';

const oracles = [
  findOracle({ name: 'qemu-system-x86_64', pkg: 'qemu-system-x86' }),
  findOracle({ name: OVMF.code, pkg: 'ovmf' }),
  findOracle({ name: OVMF.codeSecure, pkg: 'ovmf' }),
  findOracle({ name: OVMF.varsMs, pkg: 'ovmf' }),
  findOracle({ name: 'grub-mkimage', pkg: 'grub-common' }),
  findOracle({ name: '/usr/lib/shim/shimx64.efi.signed', pkg: 'shim-signed' }),
];
const work = mkdtempSync(join(tmpdir(), 'bootgen-usb-boot-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MARKER = 'BOOTGEN-USB-OK';
const CASES: [string, Firmware, DriveKind, RegExp][] = [
  ['SeaBIOS', 'seabios', 'ide', /platform=pc root=hd0,gpt2/],
  ['OVMF', 'ovmf', 'usb', /platform=efi root=hd\d,gpt2/],
  ['OVMF + Secure Boot (MS keys)', 'ovmf-secureboot', 'virtio', /platform=efi root=hd\d,gpt2 lockdown=y/],
];

describe.skipIf(!oraclesPresent(oracles, 'QEMU USB boots'))('USB image boots in QEMU', () => {
  const site = makeSite({ name: 'bootusb', usb: { table: 'gpt', secureBoot: true, sizeBytes: 64 << 20, label: 'BOOTUSB' } });
  const img = buildUsb({ site, grubCfg: markerGrubCfg(MARKER), outDir: work });

  it.each(CASES)('%s: GRUB reads bootgen grub.cfg', async (_name, firmware, as, expectLine) => {
    const r = await bootQemu({ image: img.path, firmware, as, marker: `${MARKER} platform`, timeoutMs: 120_000 });
    expect(r.found, r.log.slice(-2000)).toBe(true);
    process.stdout.write(`boot USB ${_name}: marker after ${r.seconds.toFixed(1)} s\n`);
    expect(JSON.stringify(r.log.slice(r.log.indexOf(MARKER)))).toMatch(expectLine);
  });

  it('MBR table boots under SeaBIOS and OVMF', async () => {
    const mbr = buildUsb({ site: makeSite({ name: 'bootmbr', usb: { table: 'mbr', sizeBytes: 64 << 20 } }), grubCfg: markerGrubCfg(MARKER), outDir: work, name: 'mbr.img' });
    for (const firmware of ['seabios', 'ovmf'] as const) {
      const r = await bootQemu({ image: mbr.path, firmware, as: 'ide', marker: `${MARKER} platform`, timeoutMs: 120_000 });
      expect(r.found, r.log.slice(-2000)).toBe(true);
      expect(r.log).toMatch(/root=hd0,msdos1/);
    }
  });
});
