import { describe, expect, it } from 'vitest';
import { RegType } from '../../../src/formats/regf/index.js';
import { decodeElement, encodeElement } from '../../../src/formats/bcd/element-value.js';
import { ElementType } from '../../../src/formats/bcd/index.js';

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const where = { file: 'BCD', field: 'x' };

describe('element values by format (reference/boot-media.md §6.1)', () => {
  it('integer: REG_BINARY, 8 bytes little-endian; boolean: REG_BINARY, 1 byte', () => {
    expect(encodeElement(ElementType.timeout, { format: 'integer', value: 30n })).toEqual({ name: 'Element', type: RegType.binary, data: Uint8Array.from([30, 0, 0, 0, 0, 0, 0, 0]) });
    expect(hex(encodeElement(ElementType.winPe, { format: 'boolean', value: true }).data)).toBe('01');
    expect(encodeElement(ElementType.winPe, { format: 'boolean', value: false }).type).toBe(RegType.binary);
  });

  it('string and object: REG_SZ with NUL; object list: REG_MULTI_SZ', () => {
    expect(hex(encodeElement(ElementType.description, { format: 'string', value: 'Ab' }).data)).toBe('410062000000');
    expect(encodeElement(ElementType.defaultObject, { format: 'object', value: '{x}' }).type).toBe(RegType.sz);
    const list = encodeElement(ElementType.displayOrder, { format: 'objectList', value: ['{a}', '{b}'] });
    expect(list.type).toBe(RegType.multiSz);
    expect(hex(list.data)).toBe(`${hex(Buffer.from('{a}\0{b}\0\0', 'utf16le'))}`);
  });

  it('refuses a value of the wrong format for the element type (a bug, not input)', () => {
    expect(() => encodeElement(ElementType.timeout, { format: 'string', value: '5' })).toThrow(/format 5/);
  });

  it('reports registry values that do not fit the element format', () => {
    const r = decodeElement(ElementType.timeout, { name: 'Element', type: RegType.binary, data: new Uint8Array(4) }, where);
    expect(r.value).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ code: 'bcd/element', expected: '8 bytes', found: 'registry type 3, 4 bytes' });
    expect(decodeElement(ElementType.description, { name: 'Element', type: RegType.binary, data: new Uint8Array(2) }, where).diagnostics[0]?.expected).toBe('REG_SZ');
    expect(decodeElement(0x1f000001, { name: 'Element', type: RegType.binary, data: new Uint8Array(2) }, where).diagnostics[0]?.expected).toBe('a known element format (1..7)');
  });
});
