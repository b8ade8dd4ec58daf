// El Torito 1.0: Boot Record volume descriptor and boot catalog (validation entry, default entry,
// section headers + entries), boot-media.md §4.2.
import { ascii, at, bytes, struct, u16le, u32le, u8, zeros } from '../../binary/index.js';

export const BootRecordDescriptor = struct('eltorito.brvd', 2048, {
  type: at(0, u8),
  id: at(1, ascii(5)),
  version: at(6, u8),
  bootSystemId: at(7, ascii(32)),
  bootId: at(39, zeros(32)),
  catalogLba: at(71, u32le),
  unused: at(75, zeros(1973)),
});

export const ValidationEntry = struct('eltorito.validation', 32, {
  headerId: at(0, u8),
  platformId: at(1, u8),
  reserved: at(2, zeros(2)),
  idString: at(4, ascii(24)),
  checksum: at(28, u16le),
  key: at(30, u16le),
});

export const SectionEntry = struct('eltorito.entry', 32, {
  bootIndicator: at(0, u8),
  mediaType: at(1, u8),
  loadSegment: at(2, u16le),
  systemType: at(4, u8),
  unused1: at(5, zeros(1)),
  sectorCount: at(6, u16le),
  loadRba: at(8, u32le),
  unused2: at(12, bytes(20)),
});

export const SectionHeader = struct('eltorito.section', 32, {
  headerIndicator: at(0, u8),
  platformId: at(1, u8),
  entries: at(2, u16le),
  idString: at(4, ascii(28)),
});

export const Platform = { x86: 0x00, efi: 0xef } as const;

export interface BootEntry {
  readonly platform: number;
  /** LBA (2048-byte blocks) of the image */
  readonly lba: number;
  /** virtual 512-byte sectors the firmware loads (BIOS: 4 for GRUB's cdboot) */
  readonly sectorCount: number;
}

export function encodeBootRecord(catalogLba: number): Uint8Array {
  return BootRecordDescriptor.encode({ type: 0, id: 'CD001', version: 1, bootSystemId: 'EL TORITO SPECIFICATION', catalogLba });
}

/** The 16 LE words of the validation entry must sum to 0 (El Torito §2.1). */
function validation(platform: number): Uint8Array {
  const e = ValidationEntry.encode({ headerId: 1, platformId: platform, idString: '', checksum: 0, key: 0xaa55 });
  const v = new DataView(e.buffer);
  let sum = 0;
  for (let i = 0; i < 32; i += 2) sum = (sum + v.getUint16(i, true)) & 0xffff;
  v.setUint16(28, (0x10000 - sum) & 0xffff, true);
  return e;
}

/** First entry is the default (initial) entry; every other one gets its own section (EFI: 0xEF). */
export function encodeBootCatalog(entries: readonly BootEntry[]): Uint8Array {
  const out = new Uint8Array(2048);
  const [first, ...rest] = entries;
  if (!first) return out;
  out.set(validation(first.platform), 0);
  const entry = (e: BootEntry): Uint8Array =>
    SectionEntry.encode({ bootIndicator: 0x88, mediaType: 0, loadSegment: 0, systemType: 0, sectorCount: e.sectorCount, loadRba: e.lba, unused2: new Uint8Array(20) });
  out.set(entry(first), 32);
  rest.forEach((e, i) => {
    const final = i === rest.length - 1;
    out.set(SectionHeader.encode({ headerIndicator: final ? 0x91 : 0x90, platformId: e.platform, entries: 1, idString: '' }), 64 + i * 64);
    out.set(entry(e), 96 + i * 64);
  });
  return out;
}
