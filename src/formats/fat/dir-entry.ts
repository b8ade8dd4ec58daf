// FAT directory entries and VFAT long-name entries: fatgen103 §6 and §7 (boot-media.md §1.6, §1.8).
import { ascii, at, bytes, struct, u16le, u32le, u8 } from '../../binary/index.js';

export const DirEntry = struct('fat.dirent', 32, {
  name: at(0, ascii(11, 0x20)),
  attr: at(11, u8),
  ntRes: at(12, u8),
  crtTimeTenth: at(13, u8),
  crtTime: at(14, u16le),
  crtDate: at(16, u16le),
  lstAccDate: at(18, u16le),
  fstClusHi: at(20, u16le),
  wrtTime: at(22, u16le),
  wrtDate: at(24, u16le),
  fstClusLo: at(26, u16le),
  fileSize: at(28, u32le),
});

export const LfnEntry = struct('fat.lfn', 32, {
  ord: at(0, u8),
  name1: at(1, bytes(10)),
  attr: at(11, u8),
  type: at(12, u8),
  checksum: at(13, u8),
  name2: at(14, bytes(12)),
  fstClusLo: at(26, u16le),
  name3: at(28, bytes(4)),
});

export const Attr = { readOnly: 0x01, hidden: 0x02, system: 0x04, volumeId: 0x08, directory: 0x10, archive: 0x20, longName: 0x0f } as const;

/** fatgen103 §7.2: checksum of the 11-byte short name, stored in every LFN entry. */
export function lfnChecksum(raw11: string): number {
  let sum = 0;
  for (let i = 0; i < 11; i++) sum = ((((sum & 1) << 7) + (sum >> 1) + raw11.charCodeAt(i)) & 0xff) >>> 0;
  return sum;
}

/** Number of 32-byte slots a name takes: LFN entries (13 UTF-16 units each) + the short entry. */
export function slotsFor(longName: string, needsLfn: boolean): number {
  return needsLfn ? Math.ceil(longName.length / 13) + 1 : 1;
}

/** Encodes LFN entries, last-ordinal first, into `out` at `at`; returns the next offset. */
export function encodeLfn(out: Uint8Array, offset: number, longName: string, raw11: string): number {
  const count = Math.ceil(longName.length / 13);
  const sum = lfnChecksum(raw11);
  let pos = offset;
  for (let ord = count; ord >= 1; ord--) {
    // units after the name: one 0x0000 terminator if room, then 0xFFFF padding
    const units = Array.from({ length: 13 }, (_, i) => {
      const k = (ord - 1) * 13 + i;
      return k < longName.length ? longName.charCodeAt(k) : k === longName.length ? 0 : 0xffff;
    });
    const part = (from: number, n: number): Uint8Array => {
      const b = new Uint8Array(n * 2);
      for (let i = 0; i < n; i++) {
        b[2 * i] = (units[from + i] ?? 0) & 0xff;
        b[2 * i + 1] = (units[from + i] ?? 0) >> 8;
      }
      return b;
    };
    LfnEntry.encodeInto(out, pos, {
      ord: ord === count ? ord | 0x40 : ord,
      name1: part(0, 5),
      attr: Attr.longName,
      type: 0,
      checksum: sum,
      name2: part(5, 6),
      fstClusLo: 0,
      name3: part(11, 2),
    });
    pos += 32;
  }
  return pos;
}

export interface FatTimestamp {
  readonly date: number;
  readonly time: number;
}

/** fatgen103 §6.4: date/time in 2-second units; clamped to 1980-01-01 .. 2107-12-31 (UTC). */
export function fatTimestamp(epochSeconds: number): FatTimestamp {
  const min = Date.UTC(1980, 0, 1) / 1000;
  const max = Date.UTC(2107, 11, 31, 23, 59, 58) / 1000;
  const d = new Date(Math.min(max, Math.max(min, epochSeconds)) * 1000);
  return {
    date: ((d.getUTCFullYear() - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
  };
}
