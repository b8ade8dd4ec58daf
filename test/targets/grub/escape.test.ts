import { describe, expect, it } from 'vitest';
import { grubQuote, grubWord, grubWords, splitKernelArgs } from '../../../src/targets/grub/escape.js';
import { grubCommands } from '../../helpers/grub-parse.js';

const words = (line: string): readonly string[] => grubCommands(line)[0]?.words ?? [];

describe('grubQuote', () => {
  it('leaves plain paths, devices and key=value bare', () => {
    expect(grubQuote('/casper/vmlinuz')).toBe('/casper/vmlinuz');
    expect(grubQuote('(LABEL=VHDLAB)/images/xp.vhd')).toBe('(LABEL=VHDLAB)/images/xp.vhd');
    expect(grubQuote('boot=casper')).toBe('boot=casper');
  });

  it.each([
    ['Windows (LAN play)', "'Windows (LAN play)'"],
    ["it's", "'it'\\''s'"],
    ['$root; reboot', "'$root; reboot'"],
    ['a\\b', "'a\\b'"],
    ['', "''"],
  ])('quotes %j as %s', (value, quoted) => {
    expect(grubQuote(value)).toBe(quoted);
    expect(words(`echo ${quoted}`)).toEqual(['echo', value]);
  });

  it('keeps newlines and non-ASCII inside one word', () => {
    const value = "line one\nline 'two' ü {}";
    expect(grubCommands(`menuentry ${grubQuote(value)} {\n}`)[0]?.words).toEqual(['menuentry', value, '{']);
  });
});

describe('grubWord', () => {
  it('concatenates literal and variable segments into one word', () => {
    const word = grubWord(['(', { variable: 'root' }, ')/my disk.vhd;x']);
    expect(word).toBe("(${root}')/my disk.vhd;x'");
    expect(words(`vboot harddisk=${word}`)).toEqual(['vboot', 'harddisk=(${root})/my disk.vhd;x']);
  });

  it('rejects a variable name GRUB would not read as one', () => {
    expect(() => grubWord([{ variable: 'a}b' }])).toThrow(/variable/);
  });

  it('joins words with single spaces', () => {
    expect(grubWords(['a b', 'c'])).toBe("'a b' c");
  });
});

describe('splitKernelArgs', () => {
  it('splits on whitespace and groups double-quoted values', () => {
    expect(splitKernelArgs('  boot=casper   quiet\tsplash ')).toEqual(['boot=casper', 'quiet', 'splash']);
    expect(splitKernelArgs('foo="a b" x')).toEqual(['foo=a b', 'x']);
    expect(splitKernelArgs('')).toEqual([]);
  });
});
