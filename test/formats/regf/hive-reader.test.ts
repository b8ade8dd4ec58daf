import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bufferReadAt } from '../../../src/binary/read-at.js';
import { encodeSz, parseHive, readHive, regfChecksum, RegType, writeHive, type HiveKey } from '../../../src/formats/regf/index.js';
import { KeyNode } from '../../../src/formats/regf/structs.js';

const tree: HiveKey = {
  name: 'Root',
  values: [{ name: 'V', type: RegType.sz, data: encodeSz('hello world') }],
  subkeys: [
    { name: 'A', values: [{ name: 'small', type: RegType.binary, data: new Uint8Array([1, 2]) }], subkeys: [] },
    { name: 'B', values: [], subkeys: [{ name: 'C', values: [], subkeys: [] }] },
  ],
};
const good = writeHive(tree, { timestamp: 0n });
const codes = (b: Uint8Array) => parseHive(b, { file: 'x' }).diagnostics.map((d) => d.code);

function withChecksum(b: Uint8Array): Uint8Array {
  new DataView(b.buffer).setUint32(0x1fc, regfChecksum(b), true);
  return b;
}

describe('regf reader on damaged input', () => {
  it('reads through a ReadAt and refuses non-hives with one finding', async () => {
    expect((await readHive(bufferReadAt(good), { file: 'x' })).value?.root?.name).toBe('Root');
    const junk = new Uint8Array(8192);
    const r = parseHive(junk, { file: 'junk.bin' });
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, d.origin?.file, d.origin?.offset])).toEqual([['format/regf-signature', 'junk.bin', 0]]);
    expect(codes(good.subarray(0, 100))).toEqual(['format/regf-truncated']);
  });

  it('reports a wrong checksum with expected and found values, and still reads the tree', () => {
    const b = good.slice();
    b[0x1fc] = (b[0x1fc] ?? 0) ^ 0xff;
    const r = parseHive(b, { file: 'x' });
    expect(r.diagnostics[0]).toMatchObject({ code: 'format/regf-checksum', origin: { offset: 0x1fc } });
    expect(r.value?.root?.subkeys).toHaveLength(2);
  });

  it('reports a subkey cycle instead of looping', () => {
    const b = good.slice();
    const view = new DataView(b.buffer);
    // make key C's first subkey list point at the root's list: C's child becomes A/B again
    const rootNk = 0x1000 + 0x20 + 4;
    const rootList = view.getUint32(rootNk + KeyNode.offsetOf('subkeyList'), true);
    const bList = 0x1000 + rootList + 4;
    const bNk = 0x1000 + view.getUint32(bList + 4 + 8, true) + 4;
    view.setUint32(bNk + KeyNode.offsetOf('subkeyList'), rootList, true);
    view.setUint32(bNk + KeyNode.offsetOf('subkeyCount'), 2, true);
    expect(codes(withChecksum(b))).toContain('format/regf-cycle');
  });

  it('reports a bad bins size and cells pointing outside the hbins', () => {
    const b = good.slice();
    new DataView(b.buffer).setUint32(0x28, 0x7ffff000, true);
    expect(codes(withChecksum(b))).toContain('format/regf-bins-size');
    const c = good.slice();
    new DataView(c.buffer).setUint32(0x24, 0x10000000, true);
    expect(codes(withChecksum(c))).toEqual(['format/regf-cell']);
  });

  it('never throws and never hangs on random mutations (findings only)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(good.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 40 }), fc.boolean(), (edits, fix) => {
        const b = good.slice();
        for (const [at, v] of edits) b[at] = v;
        const r = parseHive(fix ? withChecksum(b) : b, { file: 'fuzz' });
        expect(Array.isArray(r.diagnostics)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('never throws on random bytes behind a valid base block', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 9000 }), (tail) => {
        const b = new Uint8Array(0x1000 + tail.length);
        b.set(good.subarray(0, 0x1000));
        b.set(tail, 0x1000);
        parseHive(b, { file: 'fuzz' });
      }),
      { numRuns: 500 },
    );
  });
});
