// Property test (fast-check): ≥ 10,000 mutated headers per format. The readers must resolve (no
// exception escapes), quickly (no hang), and read a bounded number of bytes (no unbounded
// allocation) whatever the header claims.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReadAt } from '../../src/binary/index.js';
import { readImageHeader } from '../../src/formats/detect.js';
import { createQcow2 } from '../../src/formats/qcow2/create-qcow2.js';
import { createVhd, createVhdChild } from '../../src/formats/vhd/create-vhd.js';
import { createVmdk } from '../../src/formats/vmdk/create-vmdk.js';
import { DmSnapHeader, SNAP_MAGIC } from '../../src/formats/dmsnap/read-dmsnap.js';
import type { ImageLayout } from '../../src/formats/image-header.js';
import { findOracle, oraclesPresent, run } from '../helpers/oracle.js';
import { tempDir } from '../chain/helpers.js';

const RUNS = 10_000;
/** No reader may read more than this, whatever the header says. */
const READ_CAP = 1024 * 1024;

function materialize(layout: ImageLayout): Uint8Array {
  const out = new Uint8Array(layout.size);
  for (const e of layout.extents) out.set(e.bytes, e.offset);
  return out;
}

/** A ReadAt that counts bytes and fails the test (by throwing) past the cap. */
function cappedReadAt(bytes: Uint8Array): ReadAt & { total: number } {
  const src = {
    size: bytes.length,
    total: 0,
    read: async (offset: number, length: number) => {
      src.total += Math.max(0, length);
      if (src.total > READ_CAP) throw new Error(`read ${src.total} bytes: unbounded`);
      return bytes.slice(Math.max(0, offset), Math.max(0, Math.min(bytes.length, offset + length)));
    },
  };
  return src;
}

const MiB = 1024 * 1024;
const seeds: Record<string, { bytes: Uint8Array; hot: readonly [number, number][] }> = {};

function addSeed(name: string, bytes: Uint8Array, hot: [number, number][]): void {
  seeds[name] = { bytes, hot: hot.map(([a, b]) => [Math.max(0, a < 0 ? bytes.length + a : a), Math.min(bytes.length, b <= 0 ? bytes.length + b : b)]) };
}

beforeAll(() => {
  const vhd = materialize(createVhdChild({ uniqueId: '11111111-2222-4333-8444-555555555555', timestamp: 0, parent: { uniqueId: '66666666-7777-4888-8999-aaaaaaaaaaaa', sizeBytes: 64 * MiB, mtime: 0, relativePath: '.\\p.vhd', absolutePath: 'C:\\p.vhd' } }));
  addSeed('vhd-differencing', vhd, [[0, 2048], [-1024, 0], [1536, 2600]]);
  addSeed('vhd-fixed', materialize(createVhd({ type: 'fixed', sizeBytes: 64 * 1024, uniqueId: '11111111-2222-4333-8444-555555555555', timestamp: 0 })), [[-512, 0]]);
  addSeed('qcow2', materialize(createQcow2({ sizeBytes: 64 * MiB, backingFile: 'base.qcow2', backingFormat: 'qcow2' })).slice(0, 4 * 65536), [[0, 512]]);
  addSeed('vmdk', materialize(createVmdk({ sizeBytes: 64 * MiB, cid: '01020304', fileName: 'c.vmdk', parent: { cid: 'a0b0c0d0', fileNameHint: 'b.vmdk' } })), [[0, 1024], [512, 1200]]);
  const vmdkText = new TextEncoder().encode('# Disk DescriptorFile\nversion=1\nCID=12345678\nparentCID=ffffffff\ncreateType="monolithicFlat"\nRW 2048 FLAT "x-flat.vmdk" 0\n');
  addSeed('vmdk-descriptor', vmdkText, [[0, vmdkText.length]]);
  const snap = new Uint8Array(8192);
  DmSnapHeader.encodeInto(snap, 0, { magic: SNAP_MAGIC, valid: 1, version: 1, chunkSize: 16 });
  addSeed('dmsnap', snap, [[0, 16]]);
});

const mutation = fc.record({
  region: fc.nat(),
  edits: fc.array(fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }), wide: fc.boolean() }), { minLength: 1, maxLength: 8 }),
  truncate: fc.option(fc.nat(), { freq: 8 }),
});

async function fuzz(name: string): Promise<void> {
  const seed = seeds[name];
  if (!seed) throw new Error(`no seed ${name}`);
  let worst = 0;
  await fc.assert(
    fc.asyncProperty(mutation, async (m) => {
      let bytes = seed.bytes.slice();
      const [from, to] = seed.hot[m.region % seed.hot.length] ?? [0, bytes.length];
      for (const e of m.edits) {
        const at = from + (e.at % Math.max(1, to - from));
        // a "wide" edit writes 0xff.. or 0x00.. runs: huge counts, offsets past EOF, unterminated names
        const n = e.wide ? 8 : 1;
        for (let i = 0; i < n && at + i < bytes.length; i++) bytes[at + i] = e.wide ? (e.value & 1 ? 0xff : e.value) : e.value;
      }
      if (m.truncate !== null) bytes = bytes.subarray(0, m.truncate % (bytes.length + 1));
      const src = cappedReadAt(bytes);
      const started = performance.now();
      const r = await readImageHeader(src, name);
      const ms = performance.now() - started;
      worst = Math.max(worst, src.total);
      expect(ms).toBeLessThan(2000);
      expect(Array.isArray(r.diagnostics)).toBe(true);
    }),
    { numRuns: RUNS, seed: 20260101 },
  );
  expect(worst).toBeLessThanOrEqual(READ_CAP);
}

describe('readers survive hostile headers', () => {
  for (const name of ['vhd-differencing', 'vhd-fixed', 'qcow2', 'vmdk', 'vmdk-descriptor', 'dmsnap']) {
    it(`${name}: ${RUNS} mutated headers`, () => fuzz(name), 300_000);
  }
});

const qemuImg = findOracle({ name: 'qemu-img', pkg: 'qemu-utils' });
describe.skipIf(!oraclesPresent([qemuImg], 'VDI/VHDX fuzz seeds'))('readers survive hostile headers (seeds from qemu-img)', () => {
  beforeAll(() => {
    const dir = tempDir('fuzz-');
    run('qemu-img', ['create', '-q', '-f', 'vdi', join(dir, 'a.vdi'), '64M']);
    run('qemu-img', ['create', '-q', '-f', 'vhdx', join(dir, 'a.vhdx'), '64M']);
    addSeed('vdi', readFileSync(join(dir, 'a.vdi')), [[0, 512]]);
    const vhdx = readFileSync(join(dir, 'a.vhdx')).subarray(0, 4 * MiB);
    addSeed('vhdx', vhdx, [[0, 16], [65536, 65536 + 96], [196608, 196608 + 96], [3 * MiB, 3 * MiB + 256], [3 * MiB + 65536, 3 * MiB + 65600]]);
  });
  for (const name of ['vdi', 'vhdx']) {
    it(`${name}: ${RUNS} mutated headers`, () => fuzz(name), 300_000);
  }
});
