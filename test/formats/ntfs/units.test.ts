// Unit checks against the byte examples of ntfs-exfat.md: run lists (§1.6), collation order
// (§1.11), fixups (§1.4), the boot sector (§1.2), the $SDS hash (§1.9), and our port of newer
// GRUB's attribute check (§1.15 item 7), which must be able to fail.
import { describe, expect, it } from 'vitest';
import { collateNames } from '../../../src/formats/ntfs/collate.js';
import { planDosNames } from '../../../src/formats/ntfs/dos-name.js';
import { encodeBootSector, decodeBootSector } from '../../../src/formats/ntfs/boot-sector.js';
import { applyFixups, removeFixups } from '../../../src/formats/ntfs/fixup.js';
import { planNtfsLayout } from '../../../src/formats/ntfs/layout.js';
import { decodeRuns, encodeRuns, type Run } from '../../../src/formats/ntfs/runlist.js';
import { descriptorHash, DESCRIPTOR } from '../../../src/formats/ntfs/secure.js';
import { ntfsUpcase } from '../../../src/formats/ntfs/upcase.js';
import { buildUpcaseTable } from '../../../src/binary/upcase.js';
import { grubValidateAttribute } from './grub-attr-check.js';

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex');

describe('NTFS run lists (§1.6)', () => {
  const cases: [string, Run[]][] = [
    ['11070400', [{ lcn: 4, length: 7 }]],
    ['115f0400', [{ lcn: 4, length: 0x5f }]],
    ['2105002200', [{ lcn: 0x2200, length: 5 }]],
    ['2141080800', [{ lcn: 0x808, length: 0x41 }]],
    ['02ff3f00', [{ lcn: undefined, length: 0x3fff }]],
    ['2101052203feff132101 64e600'.replace(/ /g, ''), [{ lcn: 0x2205, length: 1 }, { lcn: undefined, length: 0x13fffe }, { lcn: 0x869, length: 1 }]],
    // LCN 0x80 needs a second byte, or the delta would read as negative
    ['2101800000', [{ lcn: 0x80, length: 1 }]],
    // a backwards delta
    ['21108000 1101f0 00'.replace(/ /g, ''), [{ lcn: 0x80, length: 0x10 }, { lcn: 0x70, length: 1 }]],
  ];
  it.each(cases)('%s', (bytes, runs) => {
    expect(hex(encodeRuns(runs))).toBe(bytes);
    expect(decodeRuns(Buffer.from(bytes, 'hex'))).toEqual(runs);
  });
});

describe('binary/upcase options', () => {
  it('identity ranges and overrides apply on top of the Unicode mapping', () => {
    const plain = buildUpcaseTable();
    expect([plain[0x61], plain[0xe9], plain[0x1f80], plain[0xb5], plain[0x131]]).toEqual([0x41, 0xc9, 0x1f88, 0xb5, 0x131]);
    const t = buildUpcaseTable({ identity: [[0x61, 0x62]], overrides: [[0x23a, 0x2c65]] });
    expect([t[0x61], t[0x62], t[0x63], t[0x23a]]).toEqual([0x61, 0x62, 0x43, 0x2c65]);
  });
});

describe('NTFS DOS names (dos-name.ts)', () => {
  it('keeps 8.3 forms, reserves them before generating basis~n names', () => {
    const names = ['Readme Long.txt', 'readme~1.txt', 'UPPER.TXT', 'readme.txt', 'ünï.txt', 'a.b.c', '.hidden', 'Makefile'];
    expect(planDosNames(names).map((p) => p.dos)).toEqual(['README~2.TXT', 'README~1.TXT', undefined, 'README.TXT', '_N_~1.TXT', 'AB~1.C', 'HIDDEN~1', 'MAKEFILE']);
    // the root's system names are taken
    expect(planDosNames(['$mftmirr x'], ['$MFTMirr']).map((p) => p.dos)).toEqual(['$MFTMI~1']);
  });
});

describe('NTFS collation (§1.11)', () => {
  it('orders names as ntfs-3g did', () => {
    const order = ['10', '9', 'a', 'A.TXT', 'a.txt', 'B', 'b', 'Z', 'zz', '[', '_x', '{', '~', 'Ä', 'ä', 'É', 'é', 'ß', 'ǅ'];
    const up = ntfsUpcase();
    const shuffled = [...order].reverse();
    expect(shuffled.sort((a, b) => collateNames(a, b, up))).toEqual(order);
    const root = ['$Volume', '.', '$AttrDef', '$MFT', '$UpCase', '$Boot', '$Bitmap', '$LogFile', '$Secure', '$BadClus', '$MFTMirr', '$Extend'];
    expect(root.sort((a, b) => collateNames(a, b, up))).toEqual(['$AttrDef', '$BadClus', '$Bitmap', '$Boot', '$Extend', '$LogFile', '$MFT', '$MFTMirr', '$Secure', '$UpCase', '$Volume', '.']);
  });
});

describe('NTFS fixups (§1.4)', () => {
  it('round-trips and detects a torn stride', () => {
    const rec = new Uint8Array(1024).map((_, i) => i & 0xff);
    const orig = rec.slice();
    applyFixups(rec, 0x30, 3, 2);
    expect([rec[510], rec[511], rec[1022], rec[1023]]).toEqual([2, 0, 2, 0]);
    expect(removeFixups(rec, 0x30, 3)?.subarray(0x38)).toEqual(orig.subarray(0x38));
    rec[1022] = 9;
    expect(removeFixups(rec, 0x30, 3)).toBeUndefined();
  });
});

describe('NTFS boot sector (§1.2)', () => {
  it('matches the 64 MiB mkntfs example field for field', () => {
    const l = planNtfsLayout(64 << 20)!;
    const b = encodeBootSector(l, { serial: 0x58fde5161e5c6fc0n, hiddenSectors: 0, mftLcn: 4, mftMirrLcn: 0x1fff });
    // bytes 0x00–0x47 from the reference, with our CHS fields (63/255) in place of mkntfs's zeros
    expect(hex(b.subarray(0, 0x18))).toBe('eb52904e5446532020202000020800000000000000f80000');
    expect(hex(b.subarray(0x20, 0x54))).toBe('00000000800080 00ffff010000000000 0400000000000000 ff1f000000000000 f6000000 01000000 c06f5c1e16e5fd58 00000000'.replace(/ /g, ''));
    expect(hex(b.subarray(0x1fe))).toBe('55aa');
    expect(decodeBootSector(b).totalSectors).toBe(131071n);
  });
});

describe('NTFS $SDS hash (§1.9)', () => {
  it('is rotl32(h, 3) + word', () => {
    expect(DESCRIPTOR.length).toBe(80);
    const words = new Uint8Array(8);
    new DataView(words.buffer).setUint32(0, 1, true);
    new DataView(words.buffer).setUint32(4, 2, true);
    expect(descriptorHash(words)).toBe(((1 << 3) + 2) >>> 0);
  });
});

describe('port of newer GRUB attribute check (§1.15 item 7)', () => {
  // a resident attribute (never checked: it is first), then a non-resident one of 0x48 bytes
  // with runs "11 01 02 00" at 0x40: the walk then looks at byte 0x40 + 67 of that attribute
  function record(slack: number): Uint8Array {
    const r = new Uint8Array(1024);
    const v = new DataView(r.buffer);
    v.setUint32(0, 0x10, true);
    v.setUint32(4, 0x18, true);
    const a = 0x18;
    v.setUint32(a, 0x80, true);
    v.setUint32(a + 4, 0x48, true);
    r[a + 8] = 1;
    v.setUint16(a + 10, 0x40, true);
    v.setUint16(a + 32, 0x40, true);
    r.set([0x11, 0x01, 0x02, 0x00], a + 0x40);
    v.setUint32(a + 0x48, 0xffffffff, true);
    r[a + 0x40 + 67] = slack;
    return r;
  }
  it('accepts zeroed slack and rejects a stray byte where the walk lands', () => {
    expect(grubValidateAttribute(record(0), 0x18)).toBe('valid');
    expect(grubValidateAttribute(record(0x33), 0x18)).toMatch(/run walk needs/);
  });
});
