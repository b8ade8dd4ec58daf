import { describe, expect, it } from 'vitest';
import { cmdArg, cmdProblem } from '../../../src/targets/bcd/escape.js';

describe('cmdArg', () => {
  it('double-quotes, doubles % for batch files and keeps cmd metacharacters literal', () => {
    expect(cmdArg('Windows (LAN play) & 100% <fun> ^|')).toBe('"Windows (LAN play) & 100%% <fun> ^|"');
  });

  it('doubles trailing backslashes so the closing quote survives the C runtime parser', () => {
    expect(cmdArg('vhd=[C:]\\dir\\')).toBe('"vhd=[C:]\\dir\\\\"');
    expect(cmdArg('a\\b')).toBe('"a\\b"');
  });

  it.each([['say "hi"', /double quote/], ['a\r\nb', /control/]])('refuses %j', (v, why) => {
    expect(cmdProblem(v)).toMatch(why);
    expect(() => cmdArg(v)).toThrow(/unchecked cmd value/);
  });
});
