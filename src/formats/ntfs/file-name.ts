// $STANDARD_INFORMATION and $FILE_NAME values (ntfs-exfat.md §1.8). Every timestamp is the one
// build epoch, so the same input gives the same bytes.
import { FILE_NAME, STANDARD_INFORMATION } from './structs.js';
import { utf16leBytes } from './attribute.js';

export interface StdInfoSpec {
  readonly time: bigint;
  readonly fileAttributes: number;
  /** §1.9 (b): an id of $Secure:$SDS */
  readonly securityId: number;
}

export function encodeStdInfo(s: StdInfoSpec): Uint8Array {
  return STANDARD_INFORMATION.encode({
    created: s.time, modified: s.time, mftChanged: s.time, accessed: s.time,
    fileAttributes: s.fileAttributes, ownerId: 0, securityId: s.securityId, quotaCharged: 0n, usn: 0n,
  });
}

export interface FileNameSpec {
  readonly parent: bigint;
  readonly name: string;
  readonly namespace: number;
  readonly time: bigint;
  readonly allocatedSize: number;
  readonly dataSize: number;
  readonly fileAttributes: number;
}

/** The value: 0x42 bytes of header, then the name in UTF-16LE without a terminator. */
export function encodeFileName(f: FileNameSpec): Uint8Array {
  const b = new Uint8Array(FILE_NAME.size + f.name.length * 2);
  FILE_NAME.encodeInto(b, 0, {
    parent: f.parent, created: f.time, modified: f.time, mftChanged: f.time, accessed: f.time,
    allocatedSize: BigInt(f.allocatedSize), dataSize: BigInt(f.dataSize), fileAttributes: f.fileAttributes,
    reparse: 0, nameLength: f.name.length, namespace: f.namespace,
  });
  b.set(utf16leBytes(f.name), FILE_NAME.size);
  return b;
}

/** Decodes a $FILE_NAME value (header fields plus the name). */
export function decodeFileName(b: Uint8Array, at = 0): ReturnType<typeof FILE_NAME.decode> & { name: string } {
  const h = FILE_NAME.decode(b, at);
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let name = '';
  for (let i = 0; i < h.nameLength; i++) name += String.fromCharCode(v.getUint16(at + FILE_NAME.size + 2 * i, true));
  return { ...h, name };
}
