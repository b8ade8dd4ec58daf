// The volume is a data partition users will write to: a real driver (exfat-fuse, read-write)
// must find our bitmap, FAT chains and directories consistent enough to allocate, grow a
// multi-cluster directory, append to a NoFatChain file (it has to turn it into a chain) and
// delete; fsck.exfat and our walker must still find the result clean.
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildExfatVolume } from '../../../src/formats/exfat/volume.js';
import { oraclesPresent } from '../../helpers/oracle.js';
import { expectFsckClean, fsck, fuse, losetup, umount, withFuseMount } from './oracles.js';
import { renderVolume } from './render-volume.js';
import { hashTree, pattern, sha256, writeSample } from './sample-files.js';
import { walkVolume } from './walk-volume.js';

const work = mkdtempSync(join(tmpdir(), 'bootgen-exfat-rw-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!oraclesPresent([fsck, fuse, losetup, umount], 'exFAT read-write oracles'))('exFAT volume written to by exfat-fuse', () => {
  it('create, append, grow a directory, delete: still clean, and the untouched files unchanged', async () => {
    const files = writeSample({ dir: join(work, 'src'), many: 100 });
    const r = buildExfatVolume(files, { sizeBytes: 24 << 20, label: 'RW', serial: 11, epoch: 1.8e9, hiddenSectors: 2048 });
    if (!r.value) throw new Error(JSON.stringify(r.diagnostics));
    const img = join(work, 'rw.img');
    renderVolume({ path: img, sizeBytes: r.value.sizeBytes, extents: r.value.extents });
    const extra = pattern(200_000, 5);
    await withFuseMount(
      img,
      (mnt) => {
        writeFileSync(join(mnt, 'new file.bin'), extra);
        appendFileSync(join(mnt, 'README.TXT'), extra);
        for (let i = 0; i < 150; i++) writeFileSync(join(mnt, 'many', `added later with a long name ${i}`), `${i}`);
        mkdirSync(join(mnt, 'deep', 'l2', 'made by fuse'));
        unlinkSync(join(mnt, 'exact-128k.bin'));
      },
      { readWrite: true },
    );
    expectFsckClean(img);
    expect(walkVolume(img).problems).toEqual([]);
    const seen = await withFuseMount(img, (mnt) => hashTree(mnt));
    expect(seen.files.get('/new file.bin')).toBe(sha256(extra));
    const readme = files.find((f) => f.path === '/README.TXT');
    const before = readFileSync(readme?.source.kind === 'file' ? readme.source.path : '');
    expect(seen.files.get('/README.TXT')).toBe(sha256(Buffer.concat([before, extra])));
    expect(seen.files.has('/exact-128k.bin')).toBe(false);
    expect([...seen.files.keys()].filter((p) => p.startsWith('/many/')).length).toBe(250);
    for (const f of files.filter((x) => x.path !== '/README.TXT' && x.path !== '/exact-128k.bin')) {
      expect(seen.files.get(f.path), f.path).toBe(sha256(readFileSync(f.source.kind === 'file' ? f.source.path : '')));
    }
  });
});
