import { describe, expect, it } from 'vitest';
import { encodeLfn, LfnEntry, lfnChecksum } from '../../../src/formats/fat/dir-entry.js';
import { invalidLongName, makeShortName } from '../../../src/formats/fat/short-name.js';

describe('makeShortName (fatgen103 basis name + numeric tail)', () => {
  it('keeps valid upper-case 8.3 names without LFN', () => {
    expect(makeShortName('README.TXT', new Set())).toEqual({ raw: 'README  TXT', needsLfn: false });
    expect(makeShortName('EFI', new Set())).toEqual({ raw: 'EFI        ', needsLfn: false });
  });
  it('adds LFN entries to preserve case', () => {
    expect(makeShortName('boot', new Set())).toEqual({ raw: 'BOOT       ', needsLfn: true });
  });
  it('numbers collisions ~1, ~2, … and truncates', () => {
    const taken = new Set<string>();
    expect(makeShortName('Long File Name 1.txt', taken).raw).toBe('LONGFI~1TXT');
    expect(makeShortName('Long File Name 2.txt', taken).raw).toBe('LONGFI~2TXT');
    for (let i = 3; i <= 10; i++) makeShortName(`Long File Name ${i}.txt`, taken);
    expect(makeShortName('Long File Name 11.txt', taken).raw).toBe('LONGF~11TXT');
  });
  it('treats leading dots, extra dots and non-ASCII as lossy', () => {
    expect(makeShortName('.hidden', new Set()).raw).toBe('HIDDEN~1   ');
    expect(makeShortName('archive.tar.gz', new Set()).raw).toBe('ARCHIV~1GZ ');
    expect(makeShortName('Ünï.txt', new Set()).raw).toBe('_N_~1   TXT');
  });
  it('rejects names FAT cannot store', () => {
    expect(invalidLongName('a:b')).toBeDefined();
    expect(invalidLongName('trailing.')).toBeDefined();
    expect(invalidLongName('ok name.txt')).toBeUndefined();
  });
});

describe('VFAT long-name entries', () => {
  it('stores astral characters as surrogate pairs, terminator then 0xFFFF padding', () => {
    const out = new Uint8Array(64);
    const raw = 'SMILE~1 BIN';
    expect(encodeLfn(out, 0, 'x😀.bin', raw)).toBe(32);
    const e = LfnEntry.decode(out, 0);
    expect(e.ord).toBe(0x41);
    expect(e.checksum).toBe(lfnChecksum(raw));
    const units = [...e.name1, ...e.name2, ...e.name3];
    const u16 = Array.from({ length: 13 }, (_, i) => (units[2 * i] ?? 0) | ((units[2 * i + 1] ?? 0) << 8));
    expect(u16.slice(0, 8)).toEqual([0x78, 0xd83d, 0xde00, 0x2e, 0x62, 0x69, 0x6e, 0]);
    expect(u16.slice(8)).toEqual([0xffff, 0xffff, 0xffff, 0xffff, 0xffff]);
  });
});
