// Rock Ridge (RRIP 1.09 "RRIP_1991A") System Use entries on top of SUSP 1.09: SP, ER, CE, PX,
// TF, NM. Real names, case and POSIX modes for Linux and GRUB (boot-media.md §4.1).
import { recordingDate } from './descriptors.js';
import { concatBytes } from '../../binary/concat.js';

/** One SUSP entry: 2-letter signature, length, version 1, data. */
export function suspEntry(sig: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + data.length);
  out[0] = sig.charCodeAt(0);
  out[1] = sig.charCodeAt(1);
  out[2] = out.length;
  out[3] = 1;
  out.set(data, 4);
  return out;
}

/** 32-bit both-endian. */
export function both32(x: number): Uint8Array {
  const b = new Uint8Array(8);
  const v = new DataView(b.buffer);
  v.setUint32(0, x, true);
  v.setUint32(4, x, false);
  return b;
}


/** SUSP §5.3: "SP" in the root's "." record: check bytes BE EF, skip 0. */
export const spEntry = (): Uint8Array => suspEntry('SP', Uint8Array.of(0xbe, 0xef, 0));

const ER_ID = 'RRIP_1991A';
const ER_DESC = 'THE ROCK RIDGE INTERCHANGE PROTOCOL PROVIDES SUPPORT FOR POSIX FILE SYSTEM SEMANTICS';
const ER_SRC = 'PLEASE CONTACT DISC PUBLISHER FOR SPECIFICATION SOURCE.  SEE PUBLISHER IDENTIFIER IN PRIMARY VOLUME DESCRIPTOR FOR CONTACT INFORMATION.';

/** SUSP §5.5 "ER": announces the Rock Ridge extension (in the root's "." record). */
export function erEntry(): Uint8Array {
  const enc = new TextEncoder();
  const [id, desc, src] = [enc.encode(ER_ID), enc.encode(ER_DESC), enc.encode(ER_SRC)];
  return suspEntry('ER', concatBytes([Uint8Array.of(id.length, desc.length, src.length, 1), id, desc, src]));
}

/** SUSP §5.1 "CE": the rest of this record's System Use area is at (lba, offset, length). */
export const ceEntry = (lba: number, offset: number, length: number): Uint8Array => suspEntry('CE', concatBytes([both32(lba), both32(offset), both32(length)]));
export const CE_LENGTH = 28;

/** RRIP §4.1.1 "PX" (1.09 form: mode, links, uid, gid). */
export const pxEntry = (mode: number, links: number): Uint8Array => suspEntry('PX', concatBytes([both32(mode), both32(links), both32(0), both32(0)]));

/** RRIP §4.1.6 "TF": modify, access, attributes-change times (7-byte form). */
export function tfEntry(epoch: number): Uint8Array {
  const t = recordingDate(epoch);
  return suspEntry('TF', concatBytes([Uint8Array.of(0x0e), t, t, t]));
}

/** RRIP §4.1.4 "NM": the real name, split in pieces of ≤ 250 bytes (flag 1 = continues). */
export function nmEntries(name: string): Uint8Array[] {
  const bytes = new TextEncoder().encode(name);
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += 250) {
    const piece = bytes.subarray(at, at + 250);
    out.push(suspEntry('NM', concatBytes([Uint8Array.of(at + 250 < bytes.length ? 1 : 0), piece])));
  }
  return out;
}

export const MODE_DIR = 0o040555;
export const MODE_FILE = 0o100444;
