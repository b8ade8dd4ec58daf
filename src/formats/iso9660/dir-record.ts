// ISO 9660 directory records (ECMA-119 §9.1): 33-byte header, identifier, pad to even, then the
// System Use area (Rock Ridge). A record is at most 255 bytes and never crosses a block.
import { at, bytes, struct, u16both, u32both, u8 } from '../../binary/index.js';
import { recordingDate } from './descriptors.js';

export const DirectoryRecordHeader = struct('iso9660.dirrec', 33, {
  length: at(0, u8),
  extAttrLength: at(1, u8),
  extentLba: at(2, u32both),
  dataLength: at(10, u32both),
  recordingDate: at(18, bytes(7)),
  flags: at(25, u8),
  fileUnitSize: at(26, u8),
  interleaveGap: at(27, u8),
  volumeSequenceNumber: at(28, u16both),
  identifierLength: at(32, u8),
});

export const RecordFlag = { directory: 0x02, multiExtent: 0x80 } as const;

export interface RecordSpec {
  readonly extentLba: number;
  readonly dataLength: number;
  readonly flags: number;
  /** raw identifier bytes: [0] for '.', [1] for '..', else d-chars + ';1' */
  readonly identifier: Uint8Array;
  readonly systemUse: Uint8Array;
  readonly epoch: number;
}

/** Header + identifier (+ pad) length, before the System Use area. */
export const baseLength = (identifierLength: number): number => 33 + identifierLength + (identifierLength % 2 === 0 ? 1 : 0);

export function encodeRecord(r: RecordSpec): Uint8Array {
  const base = baseLength(r.identifier.length);
  let length = base + r.systemUse.length;
  length += length % 2;
  const out = new Uint8Array(length);
  DirectoryRecordHeader.encodeInto(out, 0, {
    length,
    extAttrLength: 0,
    extentLba: r.extentLba,
    dataLength: r.dataLength,
    recordingDate: recordingDate(r.epoch),
    flags: r.flags,
    fileUnitSize: 0,
    interleaveGap: 0,
    volumeSequenceNumber: 1,
    identifierLength: r.identifier.length,
  });
  out.set(r.identifier, 33);
  out.set(r.systemUse, base);
  return out;
}
