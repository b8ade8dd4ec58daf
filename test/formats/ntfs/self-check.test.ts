// Our own checks must be able to fail: damage a good image in the ways ntfs-exfat.md §3 lists
// and see the self-check (and, where they notice, the native tools) reject it.
import { closeSync, copyFileSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AttrType, MFT_RECORD_SIZE } from '../../../src/formats/ntfs/constants.js';
import { buildNtfsVolume } from '../../../src/formats/ntfs/volume.js';
import { renderVolume } from './render-volume.js';
import { standardSample } from './sample.js';
import { selfCheck, withImage } from './self-check.js';

const work = mkdtempSync(join(tmpdir(), 'bootgen-ntfs-dmg-'));
const good = join(work, 'good.img');
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(() => {
  const s = standardSample(join(work, 'src'), { many: 150 });
  const r = buildNtfsVolume(s.files, { sizeBytes: 16 << 20, label: 'D', serial: 1n, epoch: 0, hiddenSectors: 0, dirs: s.dirs });
  renderVolume({ path: good, sizeBytes: r.value!.sizeBytes, extents: r.value!.extents });
});

/** A copy of the good image with `patch` applied at an absolute offset. */
function damaged(name: string, at: (img: string) => { offset: number; bytes: (old: Buffer) => Buffer }): string {
  const img = join(work, `${name}.img`);
  copyFileSync(good, img);
  const { offset, bytes } = at(img);
  const fd = openSync(img, 'r+');
  const old = Buffer.alloc(8);
  readSync(fd, old, 0, 8, offset);
  writeSync(fd, bytes(old), 0, 8, offset);
  closeSync(fd);
  return img;
}

const mftOffset = (img: string): number => withImage(img, (r) => Number(r.boot.mftLcn) * r.clusterSize);

describe('self-check catches damage', () => {
  it('passes on the good image', () => {
    expect(selfCheck(good).dirs).toBeGreaterThan(5);
  });

  it('a torn fixup in a user record', () => {
    const img = damaged('fixup', (i) => ({ offset: mftOffset(i) + 70 * MFT_RECORD_SIZE + 510, bytes: (o) => Buffer.from([o[0]! ^ 0xff, o[1]!, ...o.subarray(2)]) }));
    expect(() => selfCheck(img)).toThrow(/torn stride/);
  });

  it('a $Bitmap bit cleared for a used cluster', () => {
    const img = damaged('bitmap', (i) => ({
      offset: withImage(i, (r) => (r.record(6).attrs.find((a) => a.type === AttrType.data)?.runs?.[0]?.lcn ?? 0) * r.clusterSize),
      bytes: (o) => Buffer.from([o[0]! & 0xfe, ...o.subarray(1)]),
    }));
    expect(() => selfCheck(img)).toThrow(/\$Bitmap bit 0/);
  });

  it('an $MFT:$BITMAP bit cleared for a record in use', () => {
    const img = damaged('mftbitmap', (i) => ({
      offset: withImage(i, (r) => (r.record(0).attrs.find((a) => a.type === AttrType.bitmap)?.runs?.[0]?.lcn ?? 0) * r.clusterSize) + 8,
      bytes: (o) => Buffer.from([o[0]! & 0xfe, ...o.subarray(1)]),
    }));
    expect(() => selfCheck(img)).toThrow(/MFT bitmap bit 64/);
  });

  it('$MFTMirr differing from $MFT', () => {
    const img = damaged('mirror', (i) => ({
      offset: withImage(i, (r) => Number(r.boot.mftMirrLcn) * r.clusterSize) + 3 * MFT_RECORD_SIZE + 0x100,
      bytes: (o) => Buffer.from(o.map((x) => x ^ 0x55)),
    }));
    expect(() => selfCheck(img)).toThrow(/\$MFTMirr = \$MFT/);
  });
});
