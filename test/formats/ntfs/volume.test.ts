// NTFS volumes checked by ntfs-3g's tools, a read-only ntfs-3g mount, GRUB's driver
// (grub-fstest) and our own reader, over a sweep of volume and cluster sizes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildNtfsVolume, type NtfsVolumeOptions } from '../../../src/formats/ntfs/volume.js';
import { oraclesPresent, run } from '../../helpers/oracle.js';
import { allTools, checkAll, ntfsfixClean, sha256, tools, grub, mountedTimes, ntfsinfoRecords, ntfsinfoVolume, probe, readWriteSession } from './ntfs-oracles.js';
import { renderVolume } from './render-volume.js';
import { noise, SampleBuilder, standardSample, type Sample } from './sample.js';
import { selfCheck } from './self-check.js';

const work = mkdtempSync(join(tmpdir(), 'bootgen-ntfs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
process.env.LANG = 'C.UTF-8';
process.env.LC_ALL = 'C.UTF-8';

const EPOCH = Date.UTC(2026, 0, 1) / 1000;
const base = { label: 'BOOTGEN', serial: 0x1122334455667788n, epoch: EPOCH, hiddenSectors: 2048 };
const sample = standardSample(join(work, 'src'), { many: 120 });

function build(s: Sample, opts: Partial<NtfsVolumeOptions> & { sizeBytes: number }, name: string): string {
  const r = buildNtfsVolume(s.files, { ...base, dirs: s.dirs, ...opts });
  expect(r.diagnostics).toEqual([]);
  if (!r.value) throw new Error('no volume');
  const img = join(work, `${name}.img`);
  renderVolume({ path: img, sizeBytes: r.value.sizeBytes, extents: r.value.extents });
  return img;
}

const SIZES: [string, number][] = [
  ['8 MiB', 8 << 20],
  ['33 MiB + 512', (33 << 20) + 512],
  ['1 GiB', 1 << 30],
  ['64 GiB (sparse image)', 64 * 2 ** 30],
];
const CLUSTERS = [512, 1024, 2048, 8192, 16384, 32768, 65536];

describe.skipIf(!oraclesPresent(allTools, 'NTFS oracles'))('NTFS volume oracles', () => {
  it.each(SIZES)('%s, default clusters: clean for ntfsfix, ntfsresize, ntfs-3g and GRUB', (name, sizeBytes) => {
    const img = build(sample, { sizeBytes }, name.replace(/\W+/g, '_'));
    checkAll(img, sample.expected, sample.sources);
    expect(selfCheck(img).dirs).toBeGreaterThan(10);
    expect(ntfsinfoVolume(img)).toMatch(/Volume Name: BOOTGEN/);
    // every timestamp is the build epoch (determinism)
    expect([...mountedTimes(img)]).toEqual([EPOCH]);
    const edits = { remove: ['readme.txt', 'UPPER.TXT', 'big/one-mib.bin', 'deep', 'many/file_0007.txt'], rename: [['docs/resident-max.bin', 'docs/renamed.bin']] as const };
    const after = readWriteSession(img, edits);
    const want = new Map([...sample.expected].filter(([p]) => !edits.remove.some((r) => p === `/${r}` || p.startsWith(`/${r}/`))));
    want.set('/docs/renamed.bin', want.get('/docs/resident-max.bin') ?? '');
    want.delete('/docs/resident-max.bin');
    want.set('/written-by-ntfs-3g.txt', sha256(new TextEncoder().encode('ok')));
    want.set('/new dir', 'dir');
    expect(after).toEqual(want);
    if (sizeBytes === 8 << 20) ntfsinfoRecords(img, ['/readme.txt', '/big/sparse.bin', '/big/r200.bin', '/many', '/deep/a/b/c/d/e/f/g/h/leaf.txt']);
    // GRUB's view of the volume: UUID = the serial as %016llX, label from $VOLUME_NAME (§1.15)
    expect(probe(img, 'fs').stdout.trim()).toBe('ntfs');
    expect(probe(img, 'fs_uuid').stdout.trim()).toBe('1122334455667788');
    expect(probe(img, 'fs_label').stdout.trim()).toBe('BOOTGEN');
    // Win32 names match case-insensitively in GRUB (§1.8)
    expect(grub(img, 'cat', '/README.TXT').stdout).toBe('bootgen NTFS\n');
    rmSync(img);
  });

  it('a volume filled to its last cluster is clean; one byte more is media/ntfs-full', () => {
    // the same tree with a resident placeholder: same MFT size, no data clusters
    const probe1 = buildNtfsVolume([{ path: '/fill.bin', size: 1, source: { kind: 'bytes', bytes: new Uint8Array(1) } }], { ...base, sizeBytes: 8 << 20 }).value!;
    const free = (Math.floor(((8 << 20) - 512) / 4096) - probe1.usedClusters) * 4096;
    const s = new SampleBuilder(join(work, 'fill'));
    s.file('/fill.bin', noise(free, 77));
    const img = build(s.build(), { sizeBytes: 8 << 20 }, 'full');
    ntfsfixClean(img);
    // ntfsresize accounts every cluster, then declines to plan a resize of a full volume
    const acc = run(tools.ntfsresize.path ?? 'ntfsresize', ['-i', '-f', img]);
    expect(acc.stdout + acc.stderr).toMatch(/Space in use\s+: \d+ MB \(100\.0%\)/);
    expect(acc.stdout + acc.stderr).toMatch(/ERROR: Volume is full/);
    expect(acc.stdout + acc.stderr).not.toMatch(/accounting failed|missing cluster|corrupt/i);
    selfCheck(img);
    const cmp = grub(img, 'cmp', '/fill.bin', s.sources.get('/fill.bin') ?? '');
    expect(cmp.status, cmp.stderr).toBe(0);
    const over = buildNtfsVolume([{ ...s.files[0]!, size: free + 1 }], { ...base, sizeBytes: 8 << 20 });
    expect(over.value).toBeUndefined();
    expect(over.diagnostics.map((d) => d.code)).toEqual(['media/ntfs-full']);
    rmSync(img);
  });

  it.each(CLUSTERS)('64 MiB with %i-byte clusters', (clusterSize) => {
    const img = build(sample, { sizeBytes: 64 << 20, clusterSize, label: 'Données ✓' }, `c${clusterSize}`);
    checkAll(img, sample.expected, sample.sources);
    expect(ntfsinfoVolume(img)).toMatch(/Volume Name: Données ✓/);
    selfCheck(img);
    rmSync(img);
  });
});
