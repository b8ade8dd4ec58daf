// Property test (fast-check): thousands of mutated ISOs (descriptors, path tables, directories,
// Rock Ridge areas) and random bytes. findIsoMember must resolve with a value or diagnostics of
// the documented codes, quickly, within a read cap, and any extents it returns lie in the image.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ReadAt } from '../../../src/binary/read-at.js';
import { extentsToBytes } from '../../../src/binary/extent.js';
import { findIsoMember } from '../../../src/formats/iso9660/find-member.js';
import { buildIsoVolume } from '../../../src/formats/iso9660/volume.js';
import { pattern } from '../fat/sample-tree.js';

const RUNS = 3000;
const READ_CAP = 8 * 1024 * 1024;
const CODES = new Set(['format/iso-invalid', 'format/iso-member-missing']);
const MEMBERS = ['/casper/vmlinuz', '/casper/initrd', '/deep/a/b/c/Some Long Name With Spaces.txt', '/big.bin'];

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

let seed: Uint8Array = new Uint8Array();
let metadataEnd = 0;

beforeAll(() => {
  const file = (path: string, size: number, n: number) => ({ path, size, source: { kind: 'bytes' as const, bytes: pattern(size, n) } });
  const files = [
    file('/casper/vmlinuz', 9000, 1),
    file('/casper/initrd', 3000, 2),
    file('/deep/a/b/c/Some Long Name With Spaces.txt', 100, 3),
    file(`/deep/${'n'.repeat(240)}.txt`, 10, 4),
    file('/big.bin', 5000, 5),
  ];
  const v = buildIsoVolume(files, { volumeId: 'FUZZ', epoch: 1767225600 });
  expect(v.diagnostics).toEqual([]);
  seed = extentsToBytes(v.value!.extents, v.value!.sizeBytes);
  // everything before the first file's data: descriptors, path tables, directories, CE areas
  metadataEnd = Math.min(...['/casper/vmlinuz', '/casper/initrd', '/big.bin'].map((p) => v.value!.lbaOf(p) ?? 0)) * 2048;
});

const edit = fc.record({ at: fc.nat(), value: fc.integer({ min: 0, max: 255 }), kind: fc.constantFrom('byte', 'both32', 'run') });
const mutation = fc.record({
  edits: fc.array(edit, { minLength: 1, maxLength: 8 }),
  member: fc.nat(),
  truncate: fc.option(fc.nat(), { freq: 10 }),
});

/** `both32` writes a consistent both-endian value (past the LE/BE check): huge sizes, wild LBAs. */
function apply(bytes: Uint8Array, e: { at: number; value: number; kind: string }): void {
  const at = 16 * 2048 + (e.at % (metadataEnd - 16 * 2048));
  if (e.kind === 'both32') {
    const x = [0, 1, 0xffffffff, 0xfffff800, e.value * 0x01010101, e.value << 11][e.at % 6] ?? 0;
    const v = new DataView(bytes.buffer, bytes.byteOffset);
    if (at + 8 <= bytes.length) {
      v.setUint32(at, x >>> 0, true);
      v.setUint32(at + 4, x >>> 0, false);
    }
  } else {
    const n = e.kind === 'run' ? 8 : 1;
    for (let i = 0; i < n && at + i < bytes.length; i++) bytes[at + i] = e.value;
  }
}

const outcomes = new Map<string, number>();

async function check(bytes: Uint8Array, member: string): Promise<number> {
  const src = cappedReadAt(bytes);
  const started = performance.now();
  const r = await findIsoMember(src, member, { file: 'fuzz.iso' });
  expect(performance.now() - started).toBeLessThan(2000);
  for (const d of r.diagnostics) expect(CODES.has(d.code), d.code).toBe(true);
  const kind = r.value ? 'found' : (r.diagnostics[0]?.code ?? '');
  outcomes.set(kind, (outcomes.get(kind) ?? 0) + 1);
  if (r.value) {
    expect(r.diagnostics).toEqual([]);
    let total = 0;
    for (const x of r.value.extents) {
      expect(x.offset + x.length).toBeLessThanOrEqual(bytes.length);
      total += x.length;
    }
    expect(total).toBe(r.value.size);
  } else {
    expect(r.diagnostics.length).toBeGreaterThan(0);
  }
  return src.total;
}

describe('the ISO member reader survives hostile images', () => {
  it('reads the unmutated seed', async () => {
    for (const m of MEMBERS) {
      const r = await findIsoMember(cappedReadAt(seed), m, { file: 'seed.iso' });
      expect(r.diagnostics, m).toEqual([]);
    }
  });

  it(`${RUNS} mutated volumes: only findings`, async () => {
    let worst = 0;
    await fc.assert(
      fc.asyncProperty(mutation, async (m) => {
        let bytes = seed.slice();
        for (const e of m.edits) apply(bytes, e);
        if (m.truncate !== null) bytes = bytes.subarray(0, m.truncate % (bytes.length + 1));
        worst = Math.max(worst, await check(bytes, MEMBERS[m.member % MEMBERS.length] ?? '/'));
      }),
      { numRuns: RUNS, seed: 20260101 },
    );
    expect(worst).toBeLessThanOrEqual(READ_CAP);
    // the mutations reach every outcome: still found, broken volume, member gone
    for (const k of ['found', 'format/iso-invalid']) expect(outcomes.get(k) ?? 0, k).toBeGreaterThan(RUNS / 50);
    expect(outcomes.get('format/iso-member-missing') ?? 0).toBeGreaterThan(0);
  }, 300_000);

  it('random bytes with a valid descriptor id: only findings', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ minLength: 17 * 2048, maxLength: 24 * 2048 }), async (bytes) => {
        bytes.set([1, 0x43, 0x44, 0x30, 0x30, 0x31, 1], 16 * 2048);
        await check(bytes, '/casper/vmlinuz');
      }),
      { numRuns: 300, seed: 20260102 },
    );
  }, 300_000);
});
