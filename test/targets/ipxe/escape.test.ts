import { describe, expect, it } from 'vitest';
import { ipxeArg, ipxeProblem, ipxeText } from '../../../src/targets/ipxe/escape.js';

describe('ipxeProblem', () => {
  it.each(['http://10.0.0.1/boot', 'iscsi:10.0.0.1:::1:iqn.2026-01.bootgen.x:a-b', 'ümlaut', 'a$b', 'a#b', 'a}b'])('carries token %j', (v) => {
    expect(ipxeProblem(v, 'token')).toBeUndefined();
    expect(ipxeArg(v)).toBe(v);
  });

  it.each([
    ['', /empty/],
    ['a b', /space/],
    ['a\tb', /control/],
    ['a\nb', /control/],
    ['${net0/ip}', /expands/],
    ['#x', /comment/],
    ['||', /ends an iPXE command/],
    [';', /ends an iPXE command/],
  ])('refuses token %j', (v, why) => {
    expect(ipxeProblem(v, 'token')).toMatch(why);
    expect(() => ipxeArg(v)).toThrow(/unchecked iPXE value/);
  });

  it('carries titles of single-spaced words', () => {
    expect(ipxeText('Windows (LAN play) $5')).toBe('Windows (LAN play) $5');
  });

  it.each([
    [' lead', /single spaces/],
    ['two  spaces', /single spaces/],
    ['-x title', /option/],
    ['a ${x} b', /expands/],
    ['a || b', /ends an iPXE command/],
    ['a #b', /comment/],
    ['tab\there', /control/],
  ])('refuses title %j', (v, why) => {
    expect(ipxeProblem(v, 'text')).toMatch(why);
  });
});
