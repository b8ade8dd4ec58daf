import { describe, expect, it } from 'vitest';
import { applyBootInfoTable, applyGrub2BootInfo } from '../../../src/formats/eltorito/boot-info.js';
import { BootRecordDescriptor, encodeBootCatalog, encodeBootRecord, SectionEntry, SectionHeader, ValidationEntry } from '../../../src/formats/eltorito/boot-catalog.js';

describe('El Torito boot catalog', () => {
  const cat = encodeBootCatalog([
    { platform: 0, lba: 648, sectorCount: 4 },
    { platform: 0xef, lba: 65, sectorCount: 1664 },
  ]);
  it('validation entry words sum to zero and end 55 AA', () => {
    const v = new DataView(cat.buffer);
    let sum = 0;
    for (let i = 0; i < 32; i += 2) sum = (sum + v.getUint16(i, true)) & 0xffff;
    expect(sum).toBe(0);
    expect(ValidationEntry.decode(cat).key).toBe(0xaa55);
  });
  it('has the BIOS default entry and a final EFI section', () => {
    expect(SectionEntry.decode(cat, 32)).toMatchObject({ bootIndicator: 0x88, sectorCount: 4, loadRba: 648 });
    expect(SectionHeader.decode(cat, 64)).toMatchObject({ headerIndicator: 0x91, platformId: 0xef, entries: 1 });
    expect(SectionEntry.decode(cat, 96)).toMatchObject({ bootIndicator: 0x88, sectorCount: 1664, loadRba: 65 });
  });
  it('boot record points at the catalog', () => {
    const br = BootRecordDescriptor.decode(encodeBootRecord(19));
    expect(br).toMatchObject({ type: 0, id: 'CD001', bootSystemId: 'EL TORITO SPECIFICATION', catalogLba: 19 });
  });
});

describe('GRUB boot info', () => {
  it('boot info table checksums the image after the GRUB2 boot info patch', () => {
    const img = new Uint8Array(4096).map((_, i) => (i * 7) & 0xff);
    applyGrub2BootInfo(img, 100);
    applyBootInfoTable(img, 16, 100);
    const v = new DataView(img.buffer);
    expect(v.getBigUint64(2548, true)).toBe(405n);
    let sum = 0;
    for (let i = 64; i < img.length; i += 4) sum = (sum + v.getUint32(i, true)) >>> 0;
    expect([v.getUint32(8, true), v.getUint32(12, true), v.getUint32(16, true), v.getUint32(20, true)]).toEqual([16, 100, 4096, sum]);
  });
});
