// ISO 9660 + Rock Ridge volumes read by isoinfo and extracted by osirrox, byte for byte; files
// over 4 GiB become multi-extent.
import { closeSync, mkdtempSync, openSync, readSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildIsoVolume } from '../../../src/formats/iso9660/volume.js';
import { writeSparseFile } from '../../../src/io/sparse-file.js';
import { findOracle, oraclesPresent, run } from '../../helpers/oracle.js';
import { readTree, writeSampleTree } from '../fat/sample-tree.js';

const isoinfo = findOracle({ name: 'isoinfo', pkg: 'genisoimage' });
const osirrox = findOracle({ name: 'osirrox', pkg: 'xorriso' });
const work = mkdtempSync(join(tmpdir(), 'bootgen-iso-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
const EPOCH = Date.UTC(2026, 0, 1) / 1000;

describe.skipIf(!oraclesPresent([isoinfo, osirrox], 'ISO 9660 oracles'))('ISO 9660 volume', () => {
  it('isoinfo reads it; osirrox extracts every file byte-identical with Rock Ridge names', () => {
    const src = join(work, 'src');
    const files = writeSampleTree({ dir: src, collisions: 40 });
    const r = buildIsoVolume(files, { volumeId: 'BOOTGEN_TEST', epoch: EPOCH });
    expect(r.diagnostics).toEqual([]);
    const iso = join(work, 't.iso');
    writeSparseFile(iso, r.value?.sizeBytes ?? 0, r.value?.extents ?? []);
    const d = run('isoinfo', ['-d', '-i', iso]);
    expect(d.status).toBe(0);
    expect(d.stdout).toContain('Volume id: BOOTGEN_TEST');
    expect(d.stdout).toContain('Rock Ridge signatures version 1 found');
    const l = run('isoinfo', ['-l', '-R', '-i', iso]);
    expect(l.status, l.stderr).toBe(0);
    expect(l.stdout).toContain('Long File Name 40.txt');
    const out = join(work, 'out');
    const x = run('osirrox', ['-indev', iso, '-extract', '/', out]);
    expect(x.status, x.stderr).toBe(0);
    const theirs = readTree(out);
    const ours = readTree(src);
    expect([...theirs.keys()].sort()).toEqual([...ours.keys()].sort());
    for (const [k, v] of ours) expect(theirs.get(k)?.equals(v), k).toBe(true);
  });

  it('stores a file over 4 GiB as several extents that osirrox joins back', () => {
    const big = join(work, 'big.bin');
    const fd = openSync(big, 'w');
    writeSync(fd, Buffer.from('HEAD'.repeat(1000)), 0, 4000, 0);
    writeSync(fd, Buffer.from('TAIL'.repeat(1000)), 0, 4000, 2 ** 32 + 12345);
    closeSync(fd);
    const size = 2 ** 32 + 12345 + 4000;
    const r = buildIsoVolume([{ path: '/big/big.bin', size, source: { kind: 'file', path: big } }], { volumeId: 'BIG', epoch: EPOCH });
    const iso = join(work, 'big.iso');
    writeSparseFile(iso, r.value?.sizeBytes ?? 0, r.value?.extents ?? []);
    const l = run('isoinfo', ['-l', '-R', '-i', iso]);
    expect(l.stdout.match(/ big\.bin/g)?.length).toBe(2);
    const out = join(work, 'bigout');
    const x = run('osirrox', ['-indev', iso, '-osirrox', 'on:sparse=1m', '-extract', '/big', out]);
    expect(x.status, x.stderr).toBe(0);
    const got = join(out, 'big.bin');
    expect(statSync(got).size).toBe(size);
    const slice = (path: string, at: number): Buffer => {
      const b = Buffer.alloc(4000);
      const h = openSync(path, 'r');
      readSync(h, b, 0, 4000, at);
      closeSync(h);
      return b;
    };
    for (const at of [0, 2 ** 32 - 2048, 2 ** 32 + 12345]) expect(slice(got, at).equals(slice(big, at)), `@${at}`).toBe(true);
    rmSync(out, { recursive: true, force: true });
    rmSync(big);
    rmSync(iso);
  });
});
