// The checks can fail: damage a good volume one way at a time and see who notices (ntfs-exfat.md
// §3). Each native verdict matches the reference's experiments; leaks only our walker catches.
import { closeSync, copyFileSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VolumeFile } from '../../../src/binary/extent.js';
import { buildExfatVolume } from '../../../src/formats/exfat/volume.js';
import { oraclesPresent, run } from '../../helpers/oracle.js';
import { fsck } from './oracles.js';
import { renderVolume } from './render-volume.js';
import { pattern } from './sample-files.js';
import { walkVolume } from './walk-volume.js';

const work = mkdtempSync(join(tmpdir(), 'bootgen-exfat-mut-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const good = join(work, 'good.img');
const files: VolumeFile[] = [
  { path: '/a.txt', size: 5000, source: { kind: 'bytes', bytes: pattern(5000, 1) } },
  { path: '/dir/b.bin', size: 10, source: { kind: 'bytes', bytes: pattern(10, 2) } },
];
let rootAt = 0;
let bitmapAt = 0;
let fatAt = 0;
let rootCluster = 0;

beforeAll(() => {
  const r = buildExfatVolume(files, { sizeBytes: 16 << 20, label: 'MUT', serial: 5, epoch: 1.8e9, hiddenSectors: 0 });
  if (!r.value) throw new Error('no volume');
  renderVolume({ path: good, sizeBytes: r.value.sizeBytes, extents: r.value.extents });
  const w = walkVolume(good);
  expect(w.problems).toEqual([]);
  const heap = w.boot.clusterHeapOffset * 512;
  rootCluster = w.boot.firstClusterOfRootDirectory;
  rootAt = heap + (rootCluster - 2) * 4096;
  bitmapAt = heap;
  fatAt = w.boot.fatOffset * 512;
});

/** A copy of the good image with `edit` applied to the bytes at `offset`. */
function damaged(offset: number, length: number, edit: (b: Uint8Array) => void): string {
  const img = join(work, `bad-${offset}.img`);
  copyFileSync(good, img);
  const fd = openSync(img, 'r+');
  const b = new Uint8Array(length);
  readSync(fd, b, 0, length, offset);
  edit(b);
  writeSync(fd, b, 0, length, offset);
  closeSync(fd);
  return img;
}

const fsckStatus = (img: string) => run(fsck.path ?? 'fsck.exfat', ['-n', img]);

// the first file set (/a.txt) follows the three system entries of the root; the heap holds
// bitmap (2), up-case table (3–4), root (5), /dir (6), then /a.txt (7–8): bitmap bit 5
const SET = () => rootAt + 3 * 32;

const CASES: { name: string; at: () => number; len: number; edit: (b: Uint8Array) => void; fsck: RegExp | 'silent'; walker: RegExp }[] = [
  { name: 'boot checksum', at: () => 100, len: 1, edit: (b) => void (b[0] = (b[0] ?? 0) ^ 0xff), fsck: /checksum of boot region/, walker: /boot checksum/ },
  { name: 'SetChecksum', at: () => SET() + 2, len: 1, edit: (b) => void (b[0] = (b[0] ?? 0) ^ 1), fsck: /checksum of a file is wrong/, walker: /SetChecksum/ },
  { name: 'root FAT entry 0', at: () => fatAt + rootCluster * 4, len: 4, edit: (b) => b.fill(0), fsck: /root/, walker: /root chain/ },
  { name: 'bitmap bit of a file cluster cleared', at: () => bitmapAt, len: 1, edit: (b) => void (b[0] = (b[0] ?? 0) & ~0x20), fsck: /marked as free/, walker: /clear in the bitmap/ },
  { name: 'leaked bitmap bit (fsck 1.2.0 misses it)', at: () => bitmapAt + 100, len: 1, edit: (b) => void (b[0] = 1), fsck: 'silent', walker: /owned by nothing/ },
  { name: 'backup boot region differs (fsck ignores the backup)', at: () => 12 * 512 + 100, len: 1, edit: (b) => void (b[0] = 0x5a), fsck: 'silent', walker: /backup boot region differs/ },
];

describe.skipIf(!oraclesPresent([fsck], 'exFAT damage detection (fsck.exfat)'))('exFAT damage: who notices', () => {
  it.each(CASES)('$name', ({ at, len, edit, fsck: verdict, walker }) => {
    const img = damaged(at(), len, edit);
    const f = fsckStatus(img);
    if (verdict === 'silent') {
      expect(f.status, f.stdout + f.stderr).toBe(0);
    } else {
      expect(f.status).not.toBe(0);
      expect(f.stdout + f.stderr).toMatch(verdict);
    }
    expect(walkVolume(img).problems.join('\n')).toMatch(walker);
    rmSync(img);
  });
});
