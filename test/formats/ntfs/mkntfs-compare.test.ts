// What we derive or compute against what mkntfs writes: $UpCase (derived from Unicode case data,
// not copied), $UpCase:$Info, $AttrDef, and the geometry (§1.3: cluster size, $LogFile size,
// record-size bytes) over a sweep of device sizes and cluster sizes.
import { spawnSync } from 'node:child_process';
import { closeSync, ftruncateSync, mkdtempSync, openSync, readSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { crc64Jones } from '../../../src/binary/crc64.js';
import { encodeAttrDef } from '../../../src/formats/ntfs/attrdef.js';
import { decodeBootSector } from '../../../src/formats/ntfs/boot-sector.js';
import { defaultClusterSize, planNtfsLayout } from '../../../src/formats/ntfs/layout.js';
import { ntfsUpcase, upcaseData, upcaseInfo } from '../../../src/formats/ntfs/upcase.js';
import { oraclesPresent, run } from '../../helpers/oracle.js';
import { sha256, tools } from './ntfs-oracles.js';

const work = mkdtempSync(join(tmpdir(), 'bootgen-mkntfs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function mkntfs(sizeBytes: number, args: string[] = []): string {
  const img = join(work, `m${sizeBytes}-${args.join('')}.img`);
  const fd = openSync(img, 'w');
  ftruncateSync(fd, sizeBytes);
  closeSync(fd);
  const r = run(tools.mkntfs.path ?? 'mkntfs', ['-Q', '-F', '-L', 'DATA', ...args, img]);
  expect(r.status, r.stderr).toBe(0);
  return img;
}

const catFile = (img: string, path: string, ...opts: string[]): Buffer => {
  const r = spawnSync(tools.ntfscat.path ?? 'ntfscat', [...opts, img, path], { maxBuffer: 1 << 26 });
  expect(r.status, r.stderr.toString()).toBe(0);
  return r.stdout;
};

function bootOf(img: string): ReturnType<typeof decodeBootSector> {
  const fd = openSync(img, 'r');
  const b = Buffer.alloc(512);
  readSync(fd, b, 0, 512, 0);
  closeSync(fd);
  return decodeBootSector(new Uint8Array(b.buffer, b.byteOffset, 512));
}

describe('NTFS tables and geometry without oracles', () => {
  it('$UpCase maps ASCII as ntfs-3g demands (§1.10) and has the reference table hash', () => {
    const t = ntfsUpcase();
    for (let c = 0x20; c <= 0x7e; c++) expect(t[c]).toBe(c >= 0x61 && c <= 0x7a ? c - 32 : c);
    expect(sha256(upcaseData())).toBe('41c26bc7a12bdaeb26025c93118697c7e3ef81ee048b00fe5cce2a472e0e0742');
    expect(crc64Jones(upcaseData())).toBe(0xdadc7e776b1b690cn);
  });

  it('picks 4 KiB clusters up to 16 TiB, then doubles until the cluster count fits in 32 bits (§1.3)', () => {
    expect(defaultClusterSize(2 ** 40)).toBe(4096);
    expect(defaultClusterSize(16 * 2 ** 40)).toBe(4096);
    expect(defaultClusterSize(17 * 2 ** 40)).toBe(8192);
    expect(defaultClusterSize(100 * 2 ** 40)).toBe(32768);
    expect(defaultClusterSize(256 * 2 ** 40 - 65536)).toBe(65536);
    expect(planNtfsLayout(257 * 2 ** 40)).toBeUndefined();
    expect(planNtfsLayout(1 << 20)).toBeUndefined();
    expect(planNtfsLayout((1 << 20) + 512)?.clusterCount).toBe(256);
  });
});

describe.skipIf(!oraclesPresent([tools.mkntfs, tools.ntfscat, tools.ntfsinfo], 'mkntfs comparison'))('NTFS against mkntfs', () => {
  it('$UpCase, $UpCase:$Info and $AttrDef equal what mkntfs writes', () => {
    const img = mkntfs(8 << 20);
    expect(Buffer.from(upcaseData()).equals(catFile(img, '$UpCase'))).toBe(true);
    expect(Buffer.from(upcaseInfo(upcaseData())).equals(catFile(img, '$UpCase', '-a', '0x80', '-n', '$Info'))).toBe(true);
    expect(Buffer.from(encodeAttrDef()).equals(catFile(img, '$AttrDef'))).toBe(true);
  });

  const SIZES = [(1 << 20) + 512, 2 << 20, 3 << 20, 8 << 20, 100 << 20, 200 << 20, 201 << 20, 300 << 20, 1 << 30, 4 * 2 ** 30, 12 * 2 ** 30, 13 * 2 ** 30];
  it.each(SIZES)('%i bytes: same total sectors, cluster and $LogFile size as mkntfs', (size) => {
    const img = mkntfs(size);
    const theirs = bootOf(img);
    const ours = planNtfsLayout(size);
    expect(ours).toBeDefined();
    expect(ours?.totalSectors).toBe(Number(theirs.totalSectors));
    expect(ours?.sectorsPerCluster).toBe(theirs.sectorsPerCluster);
    const info = run(tools.ntfsinfo.path ?? 'ntfsinfo', ['-i', '2', img]).stdout;
    const logSize = Number(/Data size:\s+(\d+)/i.exec(info.split('$DATA')[1] ?? '')?.[1]);
    expect(ours?.logFileBytes).toBe(logSize);
    rmSync(img);
  });

  it.each([512, 1024, 2048, 4096, 8192, 65536])('-c %i: same record-size bytes and sectors per cluster', (c) => {
    const img = mkntfs(256 << 20, ['-c', String(c)]);
    const theirs = bootOf(img);
    const ours = planNtfsLayout(256 << 20, c);
    expect([ours?.sectorsPerCluster, ours?.mftRecordByte, ours?.indexBlockByte]).toEqual([theirs.sectorsPerCluster, theirs.clustersPerMftRecord, theirs.clustersPerIndexBlock]);
    rmSync(img);
  });
});
