// exFAT's checksums, name hash, timestamps and up-case table against values fixed by mkfs.exfat /
// exfat-fuse output (ntfs-exfat.md §2.2, §2.6, §2.8) and against a fresh mkfs.exfat image.
import { createHash } from 'node:crypto';
import { closeSync, mkdtempSync, openSync, readSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { encodeBootRegion } from '../../../src/formats/exfat/boot-sector.js';
import { bootRegionChecksum, entrySetChecksum, nameHash, upcaseTableChecksum } from '../../../src/formats/exfat/checksum.js';
import { encodeEntrySet } from '../../../src/formats/exfat/entry-set.js';
import { isLayout, planExfatLayout } from '../../../src/formats/exfat/layout.js';
import { exfatTime } from '../../../src/formats/exfat/timestamp.js';
import { compressUpcase, expandUpcase, recommendedUpcaseTable } from '../../../src/formats/exfat/upcase-table.js';
import { oraclesPresent, run } from '../../helpers/oracle.js';
import { mkfs } from './oracles.js';

const hex = (s: string): Uint8Array => Uint8Array.from(s.replace(/\s+/g, '').match(/../g) ?? [], (h) => parseInt(h, 16));

// the set exfat-fuse wrote for `small.txt` (6 bytes) in ntfs-exfat.md §2.8
const SMALL_TXT = hex(`
85 02 dc05 2000 0000 d9b2815d d9b2815d dab2815d 64 64 80 80 80 00000000000000
c0 03 00 09 83ae 0000 0600000000000000 00000000 06000000 0600000000000000
c1 00 7300 6d00 6100 6c00 6c00 2e00 7400 7800 7400 0000 0000 0000 0000 0000 0000`);

describe('exFAT checksums', () => {
  const up = recommendedUpcaseTable();
  const upcase = (u: number): number => up.map[u] ?? u;

  it('SetChecksum and NameHash reproduce a set written by exfat-fuse', () => {
    expect(entrySetChecksum(SMALL_TXT)).toBe(0x05dc);
    expect(nameHash('small.txt', upcase)).toBe(0xae83);
    // case does not change the hash: it is taken over the up-cased name
    expect(nameHash('SMALL.TXT', upcase)).toBe(0xae83);
  });

  it('encodes the same Stream Extension and File Name entries as exfat-fuse', () => {
    const set = encodeEntrySet(
      { name: 'small.txt', attributes: 0x20, firstCluster: 6, dataLength: 6, noFatChain: true, time: exfatTime(Date.UTC(2026, 11, 1, 22, 22, 51) / 1000) },
      upcase,
    );
    expect(set.subarray(32)).toEqual(SMALL_TXT.subarray(32));
    // File entry: same attributes, created/modified time and 10 ms fields (exfat-fuse's access time differs)
    expect(set.subarray(4, 16)).toEqual(SMALL_TXT.subarray(4, 16));
    expect(set.subarray(20, 32)).toEqual(SMALL_TXT.subarray(20, 32));
    expect(entrySetChecksum(set)).toBe(new DataView(set.buffer).getUint16(2, true));
  });

  it('timestamps: 2-second field plus the odd second in the 10 ms increment', () => {
    expect(exfatTime(Date.UTC(2026, 11, 1, 22, 22, 51) / 1000)).toEqual({ timestamp: 0x5d81b2d9, increment10ms: 100, utcOffset: 0x80 });
    expect(exfatTime(Date.UTC(1980, 0, 1) / 1000)).toEqual({ timestamp: 0x00210000, increment10ms: 0, utcOffset: 0x80 });
  });

  it('up-case table: the 5836-byte compressed table mkfs.exfat writes, and its checksum', () => {
    expect(up.bytes.length).toBe(5836);
    expect(createHash('sha256').update(up.bytes).digest('hex')).toBe('8344f27a410a16df14ad98decde32b48c4db0b8e7fa8b9dc4394b58ced972f11');
    expect(up.checksum).toBe(0xe619d30d);
    expect(upcaseTableChecksum(up.bytes)).toBe(0xe619d30d);
    expect(expandUpcase(up.bytes)).toEqual(up.map);
    expect(compressUpcase(expandUpcase(up.bytes))).toEqual(up.bytes);
    expect([...up.map].filter((m, u) => m !== u).length).toBe(874);
  });

  it('up-case table: Unicode upper-casing with the spec table quirks kept', () => {
    for (let u = 0; u < 0x250; u++) {
      const js = String.fromCharCode(u).toUpperCase();
      // µ, ı and ſ fold into other scripts' letters; the table leaves them, and the digraph title cases
      if ([0xb5, 0x131, 0x17f, 0x19b, 0x1c5, 0x1c8, 0x1cb, 0x1f2].includes(u) || js.length !== 1) continue;
      if (u === 0x23a || u === 0x23e || u === 0x23f || u === 0x240) continue;
      expect(up.map[u], `U+${u.toString(16)}`).toBe(js.charCodeAt(0));
    }
    expect(up.map[0x23a]).toBe(0x2c65);
    expect(up.map[0x1f80]).toBe(0x1f88);
    expect(up.map[0xff41]).toBe(0xff21);
    expect(up.map[0xffff]).toBe(0xffff);
  });

  it('boot region: checksum sector, extended signatures, and VolumeFlags/PercentInUse outside the sum', () => {
    const layout = planExfatLayout(64 << 20);
    if (!isLayout(layout)) throw new Error(layout.reason);
    const region = encodeBootRegion({ layout, rootCluster: 5, serial: 0xef8f6864, percentInUse: 0 });
    const sum = bootRegionChecksum(region, 512);
    const view = new DataView(region.buffer);
    for (let o = 11 * 512; o < 12 * 512; o += 4) expect(view.getUint32(o, true)).toBe(sum);
    for (let s = 1; s <= 8; s++) expect([...region.subarray(s * 512 + 508, s * 512 + 512)]).toEqual([0, 0, 0x55, 0xaa]);
    const changed = region.slice();
    changed[106] = 2;
    changed[112] = 99;
    expect(bootRegionChecksum(changed, 512)).toBe(sum);
    changed[100] = (changed[100] ?? 0) ^ 1;
    expect(bootRegionChecksum(changed, 512)).not.toBe(sum);
  });
});

const dir = mkdtempSync(join(tmpdir(), 'bootgen-exfat-sum-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.skipIf(!oraclesPresent([mkfs], 'exFAT boot checksum vs mkfs.exfat'))('boot checksum vs mkfs.exfat', () => {
  it('our checksum of a mkfs.exfat boot region is the one it stored', () => {
    const img = join(dir, 'm.img');
    writeFileSync(img, '');
    truncateSync(img, 64 << 20);
    expect(run(mkfs.path ?? 'mkfs.exfat', ['-L', 'CHECK', img]).status).toBe(0);
    const fd = openSync(img, 'r');
    const region = new Uint8Array(12 * 512);
    readSync(fd, region, 0, region.length, 0);
    closeSync(fd);
    expect(bootRegionChecksum(region, 512)).toBe(new DataView(region.buffer).getUint32(11 * 512, true));
  });
});
