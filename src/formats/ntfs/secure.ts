// $Secure (ntfs-exfat.md §1.9): one security descriptor, id 0x100, shared by every file (system
// and user), in $SDS with its 256 KiB mirror, indexed by $SII (id) and $SDH (hash, id).
// The descriptor is the one ntfs-3g gives the files it creates: owner and group
// S-1-5-32-544 (Administrators), one ACE allowing Everyone 0x1F01FF, inherited by children.
// GRUB ignores security; ntfs-3g's mount needs $Secure with both indexes (§1.14 item 7).
import { Collation } from './constants.js';
import { encodeEndEntry, encodeIndexRoot, encodeViewEntry } from './index-node.js';
import { SDS_ENTRY } from './structs.js';

export const SECURITY_ID = 0x100;
/** §1.9: every 256 KiB chunk of $SDS is mirrored 256 KiB further on */
const SDS_MIRROR = 0x40000;

const hex = (s: string): Uint8Array => Uint8Array.from(s.match(/../g) ?? [], (h) => parseInt(h, 16));
const ADMINS = '0102000000000005' + '20000000' + '20020000';
export const DESCRIPTOR = hex(
  '01000480' + '14000000' + '24000000' + '00000000' + '34000000' + ADMINS + ADMINS +
    '02001c0001000000' + '00031400ff011f00' + '0101000000000001' + '00000000',
);

/** §1.9: h = rotl32(h, 3) + word, over the descriptor's little-endian u32 words. */
export function descriptorHash(sd: Uint8Array): number {
  const v = new DataView(sd.buffer, sd.byteOffset, sd.byteLength);
  let h = 0;
  for (let i = 0; i + 4 <= sd.length; i += 4) h = (((h << 3) | (h >>> 29)) + v.getUint32(i, true)) >>> 0;
  return h;
}

export interface SecureStreams {
  /** the $SDS bytes that are not zero: the entry at 0 and its mirror */
  readonly sdsEntry: Uint8Array;
  readonly sdsMirrorOffset: number;
  readonly sdsSize: number;
  readonly sdh: Uint8Array;
  readonly sii: Uint8Array;
}

export function buildSecure(blockSize: number, clustersPerBlock: number): SecureStreams {
  const hash = descriptorHash(DESCRIPTOR);
  const header = SDS_ENTRY.encode({ hash, securityId: SECURITY_ID, offset: 0n, length: SDS_ENTRY.size + DESCRIPTOR.length });
  const sdsEntry = new Uint8Array(header.length + DESCRIPTOR.length);
  sdsEntry.set(header);
  sdsEntry.set(DESCRIPTOR, header.length);
  const u32 = (...xs: number[]): Uint8Array => {
    const b = new Uint8Array(4 * xs.length);
    xs.forEach((x, i) => new DataView(b.buffer).setUint32(4 * i, x, true));
    return b;
  };
  const root = (collation: number, entry: Uint8Array): Uint8Array =>
    encodeIndexRoot({ indexedType: 0, collation, blockSize, clustersPerBlock, entries: [entry, encodeEndEntry()], large: false });
  return {
    sdsEntry,
    sdsMirrorOffset: SDS_MIRROR,
    // §1.9: data size ends at the mirror's last entry (mkntfs: 0x400FC)
    sdsSize: SDS_MIRROR + sdsEntry.length,
    // §1.9: $SDH data is the header plus "II" padding
    sdh: root(Collation.securityHash, encodeViewEntry(u32(hash, SECURITY_ID), header, Uint8Array.of(0x49, 0, 0x49, 0))),
    sii: root(Collation.ulong, encodeViewEntry(u32(SECURITY_ID), header)),
  };
}
