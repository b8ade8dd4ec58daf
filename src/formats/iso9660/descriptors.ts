// ISO 9660 volume descriptors (ECMA-119 4th ed. §8.4 PVD, §8.3 terminator) and date formats
// (§8.4.26.1 17-byte dec-datetime, §9.1.5 7-byte recording date). All dates are UTC.
import { ascii, at, bytes, struct, u16both, u32be, u32both, u32le, u8, zeros } from '../../binary/index.js';

export const BLOCK = 2048;

export const PrimaryVolumeDescriptor = struct('iso9660.pvd', BLOCK, {
  type: at(0, u8),
  id: at(1, ascii(5)),
  version: at(6, u8),
  unused1: at(7, zeros(1)),
  systemId: at(8, ascii(32, 0x20)),
  volumeId: at(40, ascii(32, 0x20)),
  unused2: at(72, zeros(8)),
  volumeSpaceSize: at(80, u32both),
  unused3: at(88, zeros(32)),
  volumeSetSize: at(120, u16both),
  volumeSequenceNumber: at(124, u16both),
  logicalBlockSize: at(128, u16both),
  pathTableSize: at(132, u32both),
  lPathTableLba: at(140, u32le),
  optionalLPathTableLba: at(144, u32le),
  mPathTableLba: at(148, u32be),
  optionalMPathTableLba: at(152, u32be),
  rootDirectoryRecord: at(156, bytes(34)),
  volumeSetId: at(190, ascii(128, 0x20)),
  publisherId: at(318, ascii(128, 0x20)),
  preparerId: at(446, ascii(128, 0x20)),
  applicationId: at(574, ascii(128, 0x20)),
  copyrightFileId: at(702, ascii(37, 0x20)),
  abstractFileId: at(739, ascii(37, 0x20)),
  bibliographicFileId: at(776, ascii(37, 0x20)),
  creationDate: at(813, bytes(17)),
  modificationDate: at(830, bytes(17)),
  expirationDate: at(847, bytes(17)),
  effectiveDate: at(864, bytes(17)),
  fileStructureVersion: at(881, u8),
  reserved: at(882, zeros(1166)),
});

/** §8.3: Volume Descriptor Set Terminator. */
export const VolumeDescriptorTerminator = struct('iso9660.terminator', BLOCK, {
  type: at(0, u8),
  id: at(1, ascii(5)),
  version: at(6, u8),
  reserved: at(7, zeros(2041)),
});

export const STANDARD_ID = 'CD001';

/** §8.4.26.1: "YYYYMMDDHHMMSScc" digits + offset from GMT in 15-minute units (0). */
export function decDateTime(epochSeconds: number | undefined): Uint8Array {
  const out = new Uint8Array(17);
  const text = epochSeconds === undefined ? '0000000000000000' : new Date(epochSeconds * 1000).toISOString().replace(/[-:T]/g, '').slice(0, 14) + '00';
  for (let i = 0; i < 16; i++) out[i] = text.charCodeAt(i);
  return out;
}

/** §9.1.5: years since 1900, month, day, hour, minute, second, GMT offset. */
export function recordingDate(epochSeconds: number): Uint8Array {
  const d = new Date(epochSeconds * 1000);
  return Uint8Array.of(d.getUTCFullYear() - 1900, d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), 0);
}

export function terminator(): Uint8Array {
  return VolumeDescriptorTerminator.encode({ type: 255, id: STANDARD_ID, version: 1 });
}

