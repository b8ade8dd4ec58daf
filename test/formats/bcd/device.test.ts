import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeDevice, encodeDevice, type BcdDevice, type BcdParent } from '../../../src/formats/bcd/index.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const where = { file: 'BCD', field: 'test' };
const u32 = (b: Uint8Array, at: number) => new DataView(b.buffer, b.byteOffset).getUint32(at, true);
const utf16z = (s: string) => Buffer.from(`${s}\0`, 'utf16le');

/** The reference's 0x48-byte boot descriptor: {5, 0, 0x48, 0} + 0x38 zero bytes. */
const BOOT_DESCRIPTOR = `05000000000000004800000000000000${'00'.repeat(0x38)}`;

describe('device elements: golden layouts from reference/boot-media.md §6.2', () => {
  it('boot: zero options GUID + {5, 0, 0x48, 0} + 0x38 zeros (88 bytes)', () => {
    const b = encodeDevice({ kind: 'boot' });
    expect(b.length).toBe(88);
    expect(hex(b)).toBe(`${'00'.repeat(16)}${BOOT_DESCRIPTOR}`);
  });

  it('partition (GPT): {6,0,0x48,0}, partition GUID, u32 0, table 0, disk GUID, 16 zeros', () => {
    const b = encodeDevice({ kind: 'partition', table: 'gpt', partitionGuid: '01234567-89ab-cdef-0123-456789abcdef', diskGuid: 'fedcba98-7654-3210-fedc-ba9876543210' });
    expect(hex(b)).toBe(
      '00'.repeat(16) + '06000000' + '00000000' + '48000000' + '00000000' +
        '67452301ab89efcd0123456789abcdef' + '00000000' + '00000000' + '98badcfe54761032fedcba9876543210' + '00'.repeat(16),
    );
  });

  it('partition (MBR): byte offset as u64, table 1, disk signature + 12 zeros', () => {
    const b = encodeDevice({ kind: 'partition', table: 'mbr', offsetBytes: 1048576n, diskSignature: 0x12345678 });
    expect(hex(b)).toBe(
      '00'.repeat(16) + '06000000000000004800000000000000' + '0000100000000000' + '00'.repeat(8) + '00000000' + '01000000' +
        '78563412' + '00'.repeat(12) + '00'.repeat(16),
    );
  });

  it('vhd=[boot]\\path: the nesting and offsets of the reference (ntloader NTBOOT_VHD)', () => {
    const path = '\\images\\win10.vhd';
    const b = encodeDevice({ kind: 'vhd', parent: { kind: 'boot' }, path, locateElement: 0x12000002 });
    const L = 0xbe + utf16z(path).length;
    expect(b.length).toBe(L);
    expect(hex(b.subarray(0, 0x10))).toBe('00'.repeat(16));
    expect([u32(b, 0x10), u32(b, 0x14), u32(b, 0x18), u32(b, 0x1c)]).toEqual([8, 0, L - 0x10, 0]);
    expect([u32(b, 0x20), u32(b, 0x24), u32(b, 0x28)]).toEqual([0, 0x12000002, 0x1e]);
    expect(hex(b.subarray(0x2c, 0x2e))).toBe('0000');
    expect([u32(b, 0x2e), u32(b, 0x32), u32(b, 0x36), u32(b, 0x3a), u32(b, 0x3e)]).toEqual([0, 0, L - 0x2e, 0, 6]);
    expect(hex(b.subarray(0x42, 0x56))).toBe('00'.repeat(20));
    expect([u32(b, 0x56), u32(b, 0x5a), u32(b, 0x5e), u32(b, 0x62), u32(b, 0x66)]).toEqual([0, 0, L - 0x56, 0, 5]);
    expect([u32(b, 0x6a), u32(b, 0x6e), u32(b, 0x72)]).toEqual([1, L - 0x6a, 5]);
    expect(hex(b.subarray(0x76, 0xbe))).toBe(BOOT_DESCRIPTOR);
    expect(hex(b.subarray(0xbe))).toBe(hex(utf16z(path)));
  });

  it('ramdisk=[boot]\\sources\\boot.wim,{ramdiskoptions}: the offsets of ntloader NTBOOT_WIM', () => {
    const path = '\\sources\\boot.wim';
    const b = encodeDevice({ kind: 'ramdisk', parent: { kind: 'boot' }, path, options: '{ae5534e0-a924-466c-b836-758539a3ee3a}' });
    const L = 0x8c + utf16z(path).length;
    expect(b.length).toBe(L);
    expect(hex(b.subarray(0, 16))).toBe('e03455ae24a96c46b836758539a3ee3a'); // GUID, mixed-endian
    expect([u32(b, 0x10), u32(b, 0x14), u32(b, 0x18), u32(b, 0x1c), u32(b, 0x20)]).toEqual([0, 1, L - 0x10, 0, 3]);
    expect(hex(b.subarray(0x24, 0x38))).toBe('00'.repeat(20));
    expect([u32(b, 0x38), u32(b, 0x3c), u32(b, 0x40)]).toEqual([1, L - 0x38, 5]);
    expect(hex(b.subarray(0x44, 0x8c))).toBe(BOOT_DESCRIPTOR);
    expect(hex(b.subarray(0x8c))).toBe(hex(utf16z(path)));
  });
});

const guidArb = fc.uuid().map((u) => u.toLowerCase());
const parentArb: fc.Arbitrary<BcdParent> = fc.oneof(
  fc.constant<BcdParent>({ kind: 'boot' }),
  fc.record({ kind: fc.constant('partition' as const), table: fc.constant('gpt' as const), partitionGuid: guidArb, diskGuid: guidArb }),
  fc.record({ kind: fc.constant('partition' as const), table: fc.constant('mbr' as const), offsetBytes: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), diskSignature: fc.nat({ max: 0xffffffff }) }),
);
const pathArb = fc.array(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => !s.includes('\0')), { minLength: 1, maxLength: 5 }).map((p) => `\\${p.join('\\')}`);
const deviceArb: fc.Arbitrary<BcdDevice> = fc.oneof(
  parentArb,
  fc.record({ kind: fc.constant('file' as const), parent: parentArb, path: pathArb }),
  fc.record({ kind: fc.constant('vhd' as const), parent: parentArb, path: pathArb, locateElement: fc.constantFrom(0x12000002, 0x22000002) }),
  fc.record({ kind: fc.constant('ramdisk' as const), parent: parentArb, path: pathArb, options: guidArb.map((g) => `{${g}}`) }),
);

describe('device elements: decode(encode(d)) = d', () => {
  it('for every device kind, parent and Unicode path', () => {
    fc.assert(fc.property(deviceArb, (d) => {
      const r = decodeDevice(encodeDevice(d), where);
      expect(r.diagnostics).toEqual([]);
      expect(r.value).toEqual(d);
    }), { numRuns: 1000 });
  });

  it('reports damaged elements as findings, never throws', () => {
    fc.assert(fc.property(deviceArb, fc.array(fc.tuple(fc.nat(400), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }), fc.nat(400), (d, edits, cut) => {
      const b = encodeDevice(d).slice();
      for (const [at, v] of edits) if (at < b.length) b[at] = v;
      const r = decodeDevice(b.subarray(0, Math.max(cut, 0)), where);
      if (r.value === undefined) expect(r.diagnostics[0]?.code).toBe('bcd/device');
    }), { numRuns: 3000 });
  });
});
