// Whole volumes over a size sweep hitting every cluster size the writer picks, each checked by
// our own walker, fsck.exfat -n, dump.exfat, a read-only exfat-fuse mount (sha256 of every
// file) and GRUB's exfat driver (grub-fstest ls / cmp).
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { VolumeFile } from '../../../src/binary/extent.js';
import { buildFileTree, dirsBreadthFirst } from '../../../src/binary/file-tree.js';
import { buildExfatVolume, type ExfatVolume } from '../../../src/formats/exfat/volume.js';
import { oraclesPresent } from '../../helpers/oracle.js';
import { dump, dumpFields, expectFsckClean, fsck, fuse, grub, grubFstest, grubProbe, grubProbe1, losetup, umount, withFuseMount } from './oracles.js';
import { renderVolume } from './render-volume.js';
import { hashTree, pattern, sha256, writeSample } from './sample-files.js';
import { walkVolume } from './walk-volume.js';

const work = mkdtempSync(join(tmpdir(), 'bootgen-exfat-vol-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const files = writeSample({ dir: join(work, 'src'), many: 300, wide: 300 });
const DIRS = ['/empty-dir', '/deep/l2/empty'];
const EPOCH = Date.UTC(2026, 0, 2, 3, 4, 5) / 1000;
const MiB = 1 << 20;

const SWEEP: { name: string; size: number; cluster: number; hidden: number }[] = [
  { name: '8 MiB', size: 8 * MiB, cluster: 4096, hidden: 0 },
  { name: '33 MiB + 512 at LBA 2048', size: 33 * MiB + 512, cluster: 4096, hidden: 2048 },
  { name: '1 GiB', size: 1024 * MiB, cluster: 32768, hidden: 0 },
  { name: '300 GiB (sparse)', size: 300 * 1024 * MiB, cluster: 131072, hidden: 63 },
];

function build(size: number, hidden: number, fs: readonly VolumeFile[] = files): { vol: ExfatVolume; img: string } {
  const r = buildExfatVolume(fs, { sizeBytes: size, label: 'Bøøtgen 1', serial: 0xb007_e8fa, epoch: EPOCH, hiddenSectors: hidden, dirs: DIRS });
  expect(r.diagnostics).toEqual([]);
  if (!r.value) throw new Error('no volume');
  const img = join(work, `v${size}.img`);
  renderVolume({ path: img, sizeBytes: r.value.sizeBytes, extents: r.value.extents });
  return { vol: r.value, img };
}

function expectedDirs(): Set<string> {
  const { root } = buildFileTree(files, DIRS);
  return new Set(dirsBreadthFirst(root).map((d) => d.path).filter((p) => p !== '/'));
}

describe('exFAT volume: our own reader', () => {
  it.each(SWEEP)('$name: walker finds every file, byte for byte, and no allocation mistakes', ({ size, cluster, hidden }) => {
    const { vol, img } = build(size, hidden);
    expect(vol.clusterSize).toBe(cluster);
    const w = walkVolume(img);
    expect(w.problems).toEqual([]);
    expect(w.label).toBe('Bøøtgen 1');
    expect(Number(w.boot.partitionOffset)).toBe(hidden);
    for (const f of files) {
      const e = w.entries.get(f.path);
      expect(e, f.path).toBeDefined();
      expect(e?.noFatChain, f.path).toBe(f.size > 0);
      expect(sha256(w.read(f.path, 0, f.size)), f.path).toBe(sha256(readFileSync(f.source.kind === 'file' ? f.source.path : '')));
    }
    const dirs = [...w.entries.values()].filter((e) => e.isDir).map((e) => e.path);
    expect(new Set(dirs)).toEqual(expectedDirs());
    // /wide spans several clusters at every cluster size
    expect(w.entries.get('/wide')?.clusters.length).toBeGreaterThan(1);
    rmSync(img);
  });
});

const oracles = [fsck, dump, fuse, losetup, umount, grubFstest, grubProbe];
describe.skipIf(!oraclesPresent(oracles, 'exFAT volume oracles'))('exFAT volume: native oracles', () => {
  it.each(SWEEP)('$name: fsck clean, dump.exfat geometry, FUSE sha256 of every file, GRUB ls and cmp', async ({ size, hidden }) => {
    const { vol, img } = build(size, hidden);
    expectFsckClean(img);
    const d = dumpFields(img);
    const l = vol.layout;
    expect(d.get('Volume Length(sectors)')).toBe(String(l.volumeLength));
    expect(d.get('FAT Offset(sector offset)')).toBe(String(l.fatOffset));
    expect(d.get('FAT Length(sectors)')).toBe(String(l.fatLength));
    expect(d.get('Cluster Heap Offset (sector offset)')).toBe(String(l.clusterHeapOffset));
    expect(d.get('Cluster Count')).toBe(String(l.clusterCount));
    expect(d.get('Volume Serial')).toBe('0xb007e8fa');
    expect(d.get('Volume label')).toBe('Bøøtgen 1');
    expect(d.get('Cluster size')).toBe(String(vol.clusterSize));
    expect(d.get('Free Clusters')).toBe(String(l.clusterCount - vol.usedClusters));

    const seen = await withFuseMount(img, (mnt) => {
      // every timestamp is the epoch, odd second included (10 ms increment), as UTC
      for (const p of ['README.TXT', 'deep/l2', 'empty-dir', 'wide', 'emoji 😀 and 𝄞 clef.bin']) expect(statSync(join(mnt, p)).mtimeMs, p).toBe(EPOCH * 1000);
      return hashTree(mnt);
    });
    const want = new Map(files.map((f) => [f.path, sha256(readFileSync(f.source.kind === 'file' ? f.source.path : ''))]));
    expect(seen.files).toEqual(want);
    expect(seen.dirs).toEqual(expectedDirs());

    expect(grubProbe1(img, 'fs')).toBe('exfat');
    expect(grubProbe1(img, 'fs_uuid')).toBe('B007-E8FA');
    expect(grubProbe1(img, 'fs_label')).toBe('Bøøtgen 1');
    const { root } = buildFileTree(files, DIRS);
    // GRUB's ls hides dot files
    const shown = root.children.filter((c) => !c.name.startsWith('.'));
    expect(grub(img, ['ls', '/'])).toBe(`${shown.map((c) => c.name + (c.kind === 'dir' ? '/' : '')).join(' ')} \n`);
    for (const f of files.filter((x) => ['/EFI/BOOT/BOOTX64.EFI', '/emoji 😀 and 𝄞 clef.bin', '/one-past-128k.bin'].includes(x.path))) {
      grub(img, ['cmp', f.path, f.source.kind === 'file' ? f.source.path : '']);
    }
    expect(grub(img, ['ls', '/wide/']).split(' ').length - 1).toBe(300);
    rmSync(img);
  });

  it('a full volume: file data in the last two heap clusters (NoFatChain, so GRUB reads them)', async () => {
    // 2.5 MiB: 128 clusters; bitmap, up-case table (2) and root take 4, the file the other 124
    const data = join(work, 'fill.bin');
    writeFileSync(data, pattern(124 * 4096, 77));
    const fill: VolumeFile[] = [{ path: '/fill.bin', size: 124 * 4096, source: { kind: 'file', path: data } }];
    const r = buildExfatVolume(fill, { sizeBytes: 2.5 * MiB, label: '', serial: 9, epoch: EPOCH, hiddenSectors: 0 });
    if (!r.value) throw new Error(JSON.stringify(r.diagnostics));
    expect(r.value.usedClusters).toBe(r.value.layout.clusterCount);
    const img = join(work, 'full.img');
    renderVolume({ path: img, sizeBytes: r.value.sizeBytes, extents: r.value.extents });
    expect(walkVolume(img).problems).toEqual([]);
    expectFsckClean(img);
    expect(dumpFields(img).get('Free Clusters')).toBe('0');
    grub(img, ['cmp', '/fill.bin', data]);
    const seen = await withFuseMount(img, (mnt) => hashTree(mnt));
    expect(seen.files).toEqual(new Map([['/fill.bin', sha256(readFileSync(data))]]));
    rmSync(img);
  });
});
