// planExfatLayout + the empty volume must match what mkfs.exfat 1.2.0 writes on an image of the
// same size: boot sector field by field, then the FAT, bitmap, up-case table and root entries.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExfatBootSector } from '../../../src/formats/exfat/boot-sector.js';
import { isLayout, planExfatLayout } from '../../../src/formats/exfat/layout.js';
import { buildExfatVolume } from '../../../src/formats/exfat/volume.js';
import { oraclesPresent, run } from '../../helpers/oracle.js';
import { mkfs } from './oracles.js';

const dir = mkdtempSync(join(tmpdir(), 'bootgen-exfat-layout-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const KiB = 1024;
const MiB = 1024 * KiB;
const GiB = 1024 * MiB;
// every cluster size mkfs picks, both sides of each switch, odd sizes, and the FAT/heap growth
const SIZES: [string, number][] = [
  ['2.5 MiB', 2.5 * MiB],
  ['7 MiB', 7 * MiB],
  ['8 MiB', 8 * MiB],
  ['33 MiB + 512', 33 * MiB + 512],
  ['33 MiB + 777 (not whole sectors)', 33 * MiB + 777],
  ['256 MiB (last 4 KiB)', 256 * MiB],
  ['256 MiB + 512 (first 32 KiB)', 256 * MiB + 512],
  ['1 GiB', GiB],
  ['4 GiB + 12345', 4 * GiB + 12345],
  ['32 GiB (last 32 KiB)', 32 * GiB],
  ['32 GiB + 512 (first 128 KiB)', 32 * GiB + 512],
  ['300 GiB', 300 * GiB],
  ['1 TiB', 1024 * GiB],
  ['2 TiB', 2048 * GiB],
];

function read(path: string, offset: number, length: number): Uint8Array {
  const fd = openSync(path, 'r');
  const b = new Uint8Array(length);
  readSync(fd, b, 0, length, offset);
  closeSync(fd);
  return b;
}

/** Index of the first differing byte, or -1 (vitest's deep equality is slow on MiB arrays). */
function firstDifference(a: Uint8Array, b: Uint8Array): number {
  if (Buffer.from(a).equals(Buffer.from(b))) return -1;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return i;
  return n;
}

/** The geometry part of a boot sector (serial, flags, usage and boot code differ by design). */
function geometry(sector: Uint8Array) {
  const b = ExfatBootSector.decode(sector);
  return { ...b, volumeSerialNumber: 0, percentInUse: 0, bootCode: undefined };
}

describe.skipIf(!oraclesPresent([mkfs], 'exFAT geometry vs mkfs.exfat'))('exFAT layout vs mkfs.exfat', () => {
  it.each(SIZES)('%s: same boot sector geometry, FAT, bitmap, up-case table and root entries', (_name, size) => {
    const img = join(dir, 'mkfs.img');
    writeFileSync(img, '');
    truncateSync(img, size);
    const r = run(mkfs.path ?? 'mkfs.exfat', ['-L', 'BOOTGEN', img]);
    expect(r.status, r.stdout + r.stderr).toBe(0);
    const theirs = read(img, 0, 512);
    const v = buildExfatVolume([], { sizeBytes: size, label: 'BOOTGEN', serial: 1, epoch: 0, hiddenSectors: 0 });
    expect(v.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const vol = v.value;
    if (!vol) throw new Error('no volume');
    const extent = (label: string): Uint8Array => {
      const e = vol.extents.find((x) => x.label === label);
      if (e?.source.kind !== 'bytes') throw new Error(`no ${label}`);
      return e.source.bytes;
    };
    expect(geometry(extent('exfat.boot-region'))).toEqual(geometry(theirs));
    for (const [label, e] of vol.extents.map((x) => [x.label, x] as const)) {
      if (label === 'exfat.boot-region' || label === 'exfat.boot-region-backup' || e.source.kind !== 'bytes') continue;
      // mkfs leaves the rest of the root cluster zero too; compare every byte we write
      expect(firstDifference(read(img, e.offset, e.length), e.source.bytes), label).toBe(-1);
    }
    rmSync(img);
  });

  it('fails where mkfs.exfat fails (2 MiB: the 1 MiB-aligned heap leaves nothing)', () => {
    const img = join(dir, 'small.img');
    writeFileSync(img, '');
    truncateSync(img, 2 * MiB);
    expect(run(mkfs.path ?? 'mkfs.exfat', [img]).status).not.toBe(0);
    expect(isLayout(planExfatLayout(2 * MiB))).toBe(false);
    rmSync(img);
  });
});

describe('planExfatLayout', () => {
  it('aligns the FAT and heap to 1 MiB of the disk for any partition start', () => {
    for (const hidden of [0, 1, 63, 2048, 4095, 1_000_001]) {
      for (const size of [3 * MiB, 100 * MiB + 512, 5 * GiB]) {
        const l = planExfatLayout(size, { hiddenSectors: hidden });
        if (!isLayout(l)) throw new Error(l.reason);
        expect(((hidden + l.fatOffset) * 512) % MiB).toBe(0);
        expect(((hidden + l.clusterHeapOffset) * 512) % MiB).toBe(0);
        expect(l.fatOffset).toBeGreaterThanOrEqual(24);
        expect(l.fatLength * 512).toBeGreaterThanOrEqual((l.clusterCount + 2) * 4);
        expect(l.clusterHeapOffset).toBeGreaterThanOrEqual(l.fatOffset + l.fatLength);
        expect((l.clusterHeapOffset * 512 + l.clusterCount * l.clusterSize) / 512).toBeLessThanOrEqual(l.volumeLength);
        expect(l.partitionOffset).toBe(hidden);
      }
    }
  });
  it('refuses sizes exFAT (as mkfs makes it) cannot take', () => {
    expect(planExfatLayout(0)).toMatchObject({ problem: 'too-small' });
    expect(planExfatLayout(1 * MiB)).toMatchObject({ problem: 'too-small' });
    expect(planExfatLayout(129 * 1024 * GiB)).toMatchObject({ problem: 'too-large' });
    expect(isLayout(planExfatLayout(127 * 1024 * GiB))).toBe(true);
  });
});
