// Files past 4 GiB: a 5 GiB sparse source with markers at 4.5 GiB and at its end, and a small
// file stored after it (past 5 GiB in the heap), on an 8 GiB volume (32 KiB clusters). GRUB's exfat
// driver, exfat-fuse and fsck.exfat read it; the image and the source stay sparse on disk.
import { closeSync, ftruncateSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { VolumeFile } from '../../../src/binary/extent.js';
import { buildExfatVolume } from '../../../src/formats/exfat/volume.js';
import { oraclesPresent } from '../../helpers/oracle.js';
import { expectFsckClean, fsck, fuse, grub, grubFstest, grubWith, losetup, umount, withFuseMount } from './oracles.js';
import { renderVolume } from './render-volume.js';
import { pattern, sha256 } from './sample-files.js';
import { walkVolume } from './walk-volume.js';

const GiB = 2 ** 30;
const work = mkdtempSync(join(tmpdir(), 'bootgen-exfat-big-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const BIG = 5 * GiB;
const MARK_AT = 4.5 * GiB;
const MARK = 'bootgen exFAT marker at 4.5 GiB, read back through the driver';
const TAIL = 'TAIL-OF-5-GiB';
const bigPath = join(work, 'big.bin');
const fd = openSync(bigPath, 'w');
ftruncateSync(fd, BIG);
writeSync(fd, MARK, MARK_AT);
writeSync(fd, TAIL, BIG - TAIL.length);
closeSync(fd);
const afterPath = join(work, 'after.bin');
const after = pattern(70_000, 9);
writeFileSync(afterPath, after);

const files: VolumeFile[] = [
  {
    path: '/big/five-gib.bin',
    size: BIG,
    source: { kind: 'file', path: bigPath },
    // the source's two data ranges (as a sparse-aware reader of it would report them)
    dataRanges: [
      { offset: MARK_AT, length: MARK.length },
      { offset: BIG - TAIL.length, length: TAIL.length },
    ],
  },
  { path: '/big/z-after.bin', size: after.length, source: { kind: 'file', path: afterPath } },
];

function build(): string {
  const r = buildExfatVolume(files, { sizeBytes: 8 * GiB, label: 'BIG', serial: 42, epoch: 1.7e9, hiddenSectors: 2048 });
  expect(r.diagnostics).toEqual([]);
  if (!r.value) throw new Error('no volume');
  expect(r.value.clusterSize).toBe(32768);
  const img = join(work, 'big.img');
  const w = renderVolume({ path: img, sizeBytes: r.value.sizeBytes, extents: r.value.extents });
  expect(w.bytesWritten).toBeLessThan(2 << 20);
  expect(statSync(img).blocks * 512).toBeLessThan(8 << 20);
  return img;
}

describe('exFAT files over 4 GiB', () => {
  it('our walker: DataLength = VDL = 5 GiB, contiguous NoFatChain, the small file lies past 5 GiB', () => {
    const img = build();
    const w = walkVolume(img);
    expect(w.problems).toEqual([]);
    const big = w.entries.get('/big/five-gib.bin');
    expect(big).toMatchObject({ dataLength: BIG, noFatChain: true });
    expect(new TextDecoder().decode(w.read('/big/five-gib.bin', MARK_AT, MARK.length))).toBe(MARK);
    const z = w.entries.get('/big/z-after.bin');
    const heap = Number(w.boot.clusterHeapOffset) * 512;
    expect(heap + ((z?.firstCluster ?? 0) - 2) * 32768).toBeGreaterThan(BIG);
    expect(sha256(w.read('/big/z-after.bin', 0, after.length))).toBe(sha256(after));
  });

  describe.skipIf(!oraclesPresent([fsck, grubFstest, fuse, losetup, umount], 'exFAT > 4 GiB oracles'))('native readers', () => {
    it('fsck clean; GRUB reads the marker at 4.5 GiB, the tail and the file stored past 5 GiB; exfat-fuse too', async () => {
      const img = build();
      expectFsckClean(img);
      expect(grub(img, ['ls', '/big/'])).toBe('five-gib.bin z-after.bin \n');
      expect(grubWith(['-s', String(MARK_AT), '-n', String(MARK.length)], img, ['cat', '/big/five-gib.bin'])).toBe(MARK);
      expect(grubWith(['-s', String(BIG - TAIL.length), '-n', String(TAIL.length)], img, ['cat', '/big/five-gib.bin'])).toBe(TAIL);
      grub(img, ['cmp', '/big/z-after.bin', afterPath]);
      await withFuseMount(img, (mnt) => {
        const p = join(mnt, 'big', 'five-gib.bin');
        expect(statSync(p).size).toBe(BIG);
        const rfd = openSync(p, 'r');
        try {
          const b = Buffer.alloc(MARK.length + 16);
          readSync(rfd, b, 0, b.length, MARK_AT - 8);
          expect(b.subarray(8, 8 + MARK.length).toString()).toBe(MARK);
          expect(b.subarray(0, 8).every((x) => x === 0)).toBe(true);
        } finally {
          closeSync(rfd);
        }
      });
    });
  });
});
