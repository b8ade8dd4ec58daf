import { describe, expect, it } from 'vitest';
import { dhcpdNameProblem, dhcpdString } from '../../../src/targets/dhcpd/escape.js';

describe('dhcpdString', () => {
  it('escapes quotes, backslashes and control characters', () => {
    expect(dhcpdString('iscsi:10.0.0.1:::1:iqn.x:a')).toBe('"iscsi:10.0.0.1:::1:iqn.x:a"');
    expect(dhcpdString('a"b\\c\nd')).toBe('"a\\"b\\\\c\\012d"');
  });
});

describe('dhcpdNameProblem', () => {
  it('accepts host names and refuses anything else', () => {
    expect(dhcpdNameProblem('cutman')).toBeUndefined();
    expect(dhcpdNameProblem('cut man')).toBeDefined();
    expect(dhcpdNameProblem('a{b')).toBeDefined();
  });
});
