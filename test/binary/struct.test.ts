import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ascii, at, bytes, guid, u16both, u32be, u32both, u32le, u64be, uuid, zeros, struct } from '../../src/binary/index.js';
import { crc32, crc32c, onesComplementSum } from '../../src/binary/checksum.js';
import { FormatError } from '../../src/diagnostics/errors.js';

const Sample = struct('test.sample', 64, {
  magic: at(0, ascii(4)),
  size: at(4, u32be),
  count: at(8, u32le),
  big: at(12, u64be),
  id: at(20, uuid),
  disk: at(36, guid),
  both: at(52, u32both),
  pad: at(60, zeros(4)),
});

describe('struct', () => {
  it('round-trips every field and reports byte order in the dump', () => {
    const value = {
      magic: 'ABCD',
      size: 0x01020304,
      count: 0x01020304,
      big: 0x0102030405060708n,
      id: '00112233-4455-6677-8899-aabbccddeeff',
      disk: '00112233-4455-6677-8899-aabbccddeeff',
      both: 7,
    };
    const b = Sample.encode(value);
    expect(Array.from(b.subarray(4, 12))).toEqual([1, 2, 3, 4, 4, 3, 2, 1]);
    // GUID: first three groups little-endian (UEFI spec Appendix A)
    expect(Array.from(b.subarray(36, 40))).toEqual([0x33, 0x22, 0x11, 0x00]);
    expect(Array.from(b.subarray(20, 24))).toEqual([0x00, 0x11, 0x22, 0x33]);
    expect(Sample.decode(b)).toEqual(value);
    expect(Sample.dump(b)).toContain('size @4 u32be = 16909060 (0x1020304)');
  });

  it('names field and absolute offset when both-endian halves disagree', () => {
    const b = Sample.encode({ magic: 'ABCD', size: 0, count: 0, big: 0n, both: 1 });
    b[59] = 2;
    try {
      Sample.decode(b, 0, { base: 0x8000 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(FormatError);
      expect((e as FormatError).details).toMatchObject({ field: 'both', offset: 0x8000 + 52 });
    }
  });

  it('reports a truncated buffer as a FormatError, not a RangeError', () => {
    expect(() => Sample.decode(new Uint8Array(10))).toThrow(FormatError);
  });

  it('rejects overlapping layouts at definition time', () => {
    expect(() => struct('bad', 8, { a: at(0, u32le), b: at(2, u32le) })).toThrow(/overlaps/);
  });

  it('decodes random bytes without throwing anything but FormatError', () => {
    const Any = struct('test.any', 16, { a: at(0, u16both), b: at(4, bytes(4)), c: at(8, ascii(8)) });
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 20 }), (b) => {
        try {
          Any.decode(b);
        } catch (e) {
          if (!(e instanceof FormatError)) throw e;
        }
      }),
      { numRuns: 2000 },
    );
  });
});

describe('checksums', () => {
  const text = new TextEncoder().encode('123456789');
  it('match the standard check values', () => {
    expect(crc32(text)).toBe(0xcbf43926);
    expect(crc32c(text)).toBe(0xe3069283);
    expect(crc32(text.subarray(4), crc32(text.subarray(0, 4)))).toBe(0xcbf43926);
    expect(onesComplementSum(new Uint8Array([1, 2, 3]))).toBe(~6 >>> 0);
  });
});
