import { describe, expect, it } from 'vitest';
import { chs, encodeMbr, Mbr, MbrPartitionEntry, MbrType } from '../../../src/formats/mbr/mbr.js';
import { patchBootImg, patchCoreImg } from '../../../src/media/grub-embed.js';

describe('encodeMbr', () => {
  it('writes entries, the active flag, the signature and 55 AA', () => {
    const code = new Uint8Array(440).fill(0x90);
    const b = encodeMbr({ bootCode: code, diskSignature: 0xdeadbeef, partitions: [{ type: MbrType.fat32Lba, active: true, firstLba: 2048, sectors: 100_000 }] });
    const m = Mbr.decode(b);
    expect(m.signature).toBe(0xaa55);
    expect(m.diskSignature).toBe(0xdeadbeef);
    expect(m.bootCode.every((x) => x === 0x90)).toBe(true);
    expect(MbrPartitionEntry.decode(b, 446)).toMatchObject({ status: 0x80, type: 0x0c, firstLba: 2048, sectors: 100_000 });
    expect(Array.from(MbrPartitionEntry.decode(b, 446).chsFirst)).toEqual(Array.from(chs(2048)));
  });
  it('packs CHS with 255 heads × 63 sectors and saturates past cylinder 1023', () => {
    expect(Array.from(chs(0))).toEqual([0, 1, 0]);
    expect(Array.from(chs(2048))).toEqual([32, 33, 0]);
    expect(Array.from(chs(1024 * 255 * 63))).toEqual([0xfe, 0xff, 0xff]);
  });
});

describe('GRUB embedding', () => {
  it('points boot.img at core.img and core.img at its remaining sectors', () => {
    const boot = new Uint8Array(512);
    boot[0x66] = 0xeb;
    const code = patchBootImg(boot, 2048);
    const v = new DataView(code.buffer);
    expect(v.getBigUint64(0x5c, true)).toBe(2048n);
    expect([code[0x64], code[0x66], code[0x67]]).toEqual([0xff, 0x90, 0x90]);
    const core = patchCoreImg(new Uint8Array(5 * 512 - 100), 2048);
    const c = new DataView(core.buffer);
    expect([c.getBigUint64(500, true), c.getUint16(508, true), c.getUint16(510, true)]).toEqual([2049n, 4, 0x820]);
  });
});
