// Figures for the report, with loose bounds so a regression shows: a 100 MiB, 200-file volume
// built and written, then checked by ntfsfix and an ntfs-3g mount.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildNtfsVolume } from '../../../src/formats/ntfs/volume.js';
import { oraclesPresent } from '../../helpers/oracle.js';
import { allTools, mountedTree, ntfsfixClean } from './ntfs-oracles.js';
import { renderVolume } from './render-volume.js';
import { noise, SampleBuilder } from './sample.js';

const work = mkdtempSync(join(tmpdir(), 'bootgen-ntfs-tp-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe.skipIf(!oraclesPresent(allTools, 'NTFS throughput oracles'))('NTFS throughput', () => {
  it('100 MiB in 200 files', () => {
    const s = new SampleBuilder(join(work, 'src'));
    const chunk = noise(1 << 20, 99);
    for (let i = 0; i < 200; i++) s.file(`/data/d${i % 10}/file-${i}.bin`, chunk.subarray(0, (512 << 10) + i * 7));
    const sample = s.build();
    const t0 = performance.now();
    const r = buildNtfsVolume(sample.files, { sizeBytes: 256 << 20, label: 'DATA', serial: 5n, epoch: 1_767_225_600, hiddenSectors: 2048 });
    const t1 = performance.now();
    expect(r.diagnostics).toEqual([]);
    const img = join(work, 'tp.img');
    const written = renderVolume({ path: img, sizeBytes: r.value!.sizeBytes, extents: r.value!.extents });
    const t2 = performance.now();
    const metadata = r.value!.extents.reduce((n, e) => n + (e.source.kind === 'bytes' ? e.length : 0), 0);
    process.stdout.write(
      `100 MiB/200 files: build ${(t1 - t0).toFixed(0)} ms, write ${(t2 - t1).toFixed(0)} ms, ${written} bytes written, ` +
        `${statSync(img).blocks * 512} bytes on disk, ${metadata} bytes of metadata extents\n`,
    );
    expect(t2 - t0).toBeLessThan(20_000);
    expect(metadata).toBeLessThan(4 << 20);
    ntfsfixClean(img);
    expect(mountedTree(img)).toEqual(sample.expected);
    rmSync(img);
  });
});
