// Real boots of bootgen's hybrid ISO: as a CD and as a disk, under SeaBIOS and OVMF.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findOracle, oraclesPresent } from '../helpers/oracle.js';
import { buildIso } from '../media/build-iso.js';
import { makeSite, markerGrubCfg } from '../media/site-fixture.js';
import { bootQemu, OVMF, type DriveKind, type Firmware } from './qemu.js';

const oracles = [
  findOracle({ name: 'qemu-system-x86_64', pkg: 'qemu-system-x86' }),
  findOracle({ name: OVMF.code, pkg: 'ovmf' }),
  findOracle({ name: 'grub-mkimage', pkg: 'grub-common' }),
];
const work = mkdtempSync(join(tmpdir(), 'bootgen-iso-boot-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const MARKER = 'BOOTGEN-ISO-OK';
const CASES: [string, Firmware, DriveKind, RegExp][] = [
  ['CD under SeaBIOS', 'seabios', 'cdrom', /platform=pc root=hd9\d/],
  ['disk under SeaBIOS', 'seabios', 'ide', /platform=pc root=hd0/],
  ['CD under OVMF', 'ovmf', 'cdrom', /platform=efi root=cd0/],
  ['disk under OVMF', 'ovmf', 'ide', /platform=efi root=hd0/],
];

describe.skipIf(!oraclesPresent(oracles, 'QEMU ISO boots'))('hybrid ISO boots in QEMU', () => {
  const iso = buildIso({ site: makeSite({ name: 'bootiso', iso: { label: 'BOOTISO' } }), grubCfg: markerGrubCfg(MARKER), outDir: work });
  it.each(CASES)('%s: GRUB reads bootgen grub.cfg', async (name, firmware, as, expectLine) => {
    const r = await bootQemu({ image: iso.path, firmware, as, marker: `${MARKER} platform`, timeoutMs: 120_000 });
    expect(r.found, r.log.slice(-2000)).toBe(true);
    process.stdout.write(`boot ISO ${name}: marker after ${r.seconds.toFixed(1)} s\n`);
    expect(r.log.slice(r.log.indexOf(MARKER))).toMatch(expectLine);
  });
});
