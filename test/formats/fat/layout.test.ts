// planFatLayout must pick exactly mkfs.fat's geometry (dosfstools 4.2) for the same size.
import { mkdtempSync, openSync, readSync, closeSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BiosParameterBlock, Fat16Extension, Fat32Extension, encodeBootSector } from '../../../src/formats/fat/boot-sector.js';
import { planFatLayout } from '../../../src/formats/fat/layout.js';
import { findOracle, oraclesPresent, run } from '../../helpers/oracle.js';

const mkfs = findOracle({ name: 'mkfs.fat', pkg: 'dosfstools' });
const dir = mkdtempSync(join(tmpdir(), 'bootgen-fat-layout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// sizes in KiB: floppy presets, FAT12/16/32 boundaries, odd sizes that exercise track alignment
const SIZES_KIB = [360, 720, 1200, 1440, 2880, 2048, 4097, 8192, 16384, 33001, 65536, 131072, 262144, 300000, 523264, 524287, 524288, 600000, 1048576, 2100000, 4194304, 16777216];

function bpbFields(sector: Uint8Array) {
  const bpb = BiosParameterBlock.decode(sector);
  const fat32 = bpb.fatSectors16 === 0;
  const ext = fat32 ? Fat32Extension.decode(sector, 36) : Fat16Extension.decode(sector, 36);
  return {
    ...bpb,
    jmpBoot: undefined,
    oemName: undefined,
    fatSectors32: 'fatSectors32' in ext ? ext.fatSectors32 : 0,
    rootCluster: 'rootCluster' in ext ? ext.rootCluster : 0,
    fsType: ext.fsType,
    driveNumber: ext.driveNumber,
  };
}

function readSector(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  const b = new Uint8Array(512);
  readSync(fd, b, 0, 512, 0);
  closeSync(fd);
  return b;
}

describe.skipIf(!oraclesPresent([mkfs], 'FAT geometry vs mkfs.fat'))('planFatLayout vs mkfs.fat -C', () => {
  it.each(SIZES_KIB)('%i KiB: same BPB as mkfs.fat', (kib) => {
    const img = join(dir, `m${kib}.img`);
    const r = run(mkfs.path ?? 'mkfs.fat', ['-C', '-i', '12345678', img, String(kib)]);
    expect(r.status, r.stderr).toBe(0);
    const theirs = bpbFields(readSector(img));
    rmSync(img);
    const layout = planFatLayout(kib * 1024);
    expect(layout).toBeDefined();
    if (!layout) return;
    const ours = bpbFields(encodeBootSector(layout, { volumeId: 0x12345678, label: '' }));
    expect(ours).toEqual(theirs);
  });
});

describe('planFatLayout type choice', () => {
  it('picks FAT12/16/32 by cluster count and never the ambiguous counts', () => {
    for (let kib = 1024; kib <= 3 * 1024 * 1024; kib = Math.floor(kib * 1.07) + 1) {
      const l = planFatLayout(kib * 1024);
      if (!l) continue;
      const c = l.clusterCount;
      const type = c < 4085 ? 12 : c < 65525 ? 16 : 32;
      expect(type, `${kib} KiB: ${c} clusters`).toBe(l.type);
      expect([4085, 4086, 65525, 65526]).not.toContain(c);
      const data = l.totalSectors - l.firstDataSector;
      expect(Math.floor(data / l.sectorsPerCluster)).toBe(c);
    }
  });
  it('returns undefined when nothing fits', () => {
    expect(planFatLayout(8 * 1024)).toBeUndefined();
    expect(planFatLayout(16 * 1024 * 1024, { type: 32 })).toBeUndefined();
  });
});
