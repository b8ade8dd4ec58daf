// Reading ISO 9660 volumes (ECMA-119 4th ed.): the Primary Volume Descriptor and directories,
// decoded with the writer's struct tables. Hostile-safe: every read goes through a BoundedReader
// (inside the file, within a metadata budget), directory sizes are capped before anything is
// read, and every malformed field becomes a FormatError naming it and its byte offset.
import { BoundedReader } from '../../binary/bounded-reader.js';
import type { ReadAt } from '../../binary/read-at.js';
import { BLOCK, PrimaryVolumeDescriptor, STANDARD_ID } from './descriptors.js';
import { DirectoryRecordHeader } from './dir-record.js';
import { isoInvalid, readSuspArea, type RockRidge } from './read-susp.js';

export const ISO_LIMITS = {
  /** one directory extent; the largest directories of distribution ISOs are a few hundred KiB */
  maxDirBytes: 4 * 1024 * 1024,
  /** path components of a member */
  maxDepth: 64,
  /** volume descriptors scanned from sector 16 for the PVD (§6.7.1) */
  maxDescriptors: 32,
  /** extents of one multi-extent file (§9.1.6 bit 7) */
  maxExtents: 4096,
  /** all metadata one lookup may read */
  metadataBudget: 64 * 1024 * 1024,
} as const;

const FORMAT = 'iso9660';

/** One decoded directory record (§9.1); offsets are absolute byte offsets in the image. */
export interface IsoRecord {
  readonly offset: number;
  /** the identifier as recorded: '\0' for '.', '\x01' for '..', else d-characters with ';1' */
  readonly isoName: string;
  /** Rock Ridge NM name (RRIP §4.1.4), when the volume carries Rock Ridge */
  readonly rrName: string | undefined;
  readonly flags: number;
  /** byte offset of the data: (extent LBA + extended attribute blocks) × 2048 (§9.1.2) */
  readonly dataOffset: number;
  readonly dataLength: number;
}

export interface IsoVolumeReader {
  readonly reader: BoundedReader;
  readonly root: IsoRecord;
  /** SUSP SP found in the root's '.' record (SUSP §5.3): names come from NM entries */
  readonly rockRidge: RockRidge | undefined;
}

/** Finds the PVD (type 1) in the descriptor set from sector 16 (§6.7.1, §8.4) and its root. */
export async function openIsoVolume(src: ReadAt, budget: number = ISO_LIMITS.metadataBudget): Promise<IsoVolumeReader> {
  const reader = new BoundedReader(src, FORMAT, budget);
  for (let i = 0; i < ISO_LIMITS.maxDescriptors; i++) {
    const at = (16 + i) * BLOCK;
    const block = await reader.read(at, BLOCK, { structure: 'iso9660.volume-descriptor' });
    const id = String.fromCharCode(...block.subarray(1, 6));
    if (id !== STANDARD_ID) throw isoInvalid('iso9660.volume-descriptor', 'id', at + 1, `"${STANDARD_ID}"`, JSON.stringify(id));
    const type = block[0] ?? 0;
    if (type === 255) break; // §8.3 terminator before any PVD
    if (type !== 1) continue;
    const pvd = PrimaryVolumeDescriptor.decode(block, 0, { format: FORMAT, base: at });
    if (pvd.logicalBlockSize !== BLOCK) {
      throw isoInvalid('iso9660.pvd', 'logicalBlockSize', at + PrimaryVolumeDescriptor.offsetOf('logicalBlockSize'), `${BLOCK}`, `${pvd.logicalBlockSize}`);
    }
    const rootAt = at + PrimaryVolumeDescriptor.offsetOf('rootDirectoryRecord');
    const root = decodeRecord(pvd.rootDirectoryRecord, 0, rootAt);
    if (!(root.flags & 0x02)) throw isoInvalid('iso9660.pvd', 'rootDirectoryRecord.flags', rootAt + 25, 'the directory flag (§9.1.6 bit 1)', `0x${root.flags.toString(16)}`);
    const first = await readDirectoryBlock(reader, root);
    return { reader, root, rockRidge: detectRockRidge(first) };
  }
  throw isoInvalid('iso9660.volume-descriptor', 'type', 16 * BLOCK, 'a Primary Volume Descriptor (type 1) in the descriptor set', 'none');
}

async function readDirectoryBlock(reader: BoundedReader, dir: IsoRecord): Promise<Uint8Array> {
  return reader.read(dir.dataOffset, BLOCK, { structure: 'iso9660.directory', field: 'extent' });
}

/** SUSP §5.3: an SP entry (check bytes BE EF) at the start of the root '.' System Use area. */
function detectRockRidge(block: Uint8Array): RockRidge | undefined {
  const length = block[0] ?? 0;
  const idLength = block[32] ?? 0;
  const su = 33 + idLength + (idLength % 2 === 0 ? 1 : 0);
  if (length < 34 || su + 7 > length) return undefined;
  const sp = block.subarray(su, su + 7);
  if (sp[0] !== 0x53 || sp[1] !== 0x50 || sp[2] !== 7 || sp[4] !== 0xbe || sp[5] !== 0xef) return undefined;
  return { skip: sp[6] ?? 0 };
}

/** Decodes the record at `at` of `bytes` (`base` = absolute offset of `bytes`), checking §9.1 sizes. */
function decodeRecord(bytes: Uint8Array, at: number, base: number): IsoRecord & { readonly suStart: number; readonly length: number } {
  const h = DirectoryRecordHeader.decode(bytes, at, { format: FORMAT, base });
  const offset = base + at;
  if (h.length < 34 || 33 + h.identifierLength > h.length || h.identifierLength === 0) {
    throw isoInvalid('iso9660.dirrec', 'length', offset, `at least 33 + identifier length (${h.identifierLength}) and 34`, `${h.length}`);
  }
  if (h.fileUnitSize !== 0 || h.interleaveGap !== 0) {
    throw isoInvalid('iso9660.dirrec', 'fileUnitSize', offset + 26, '0 (interleaved files are not supported, §9.1.7)', `${h.fileUnitSize}`);
  }
  const isoName = String.fromCharCode(...bytes.subarray(at + 33, at + 33 + h.identifierLength));
  const suStart = 33 + h.identifierLength + (h.identifierLength % 2 === 0 ? 1 : 0);
  return {
    offset, isoName, rrName: undefined, flags: h.flags, length: h.length, suStart,
    dataOffset: (h.extentLba + h.extAttrLength) * BLOCK, dataLength: h.dataLength,
  };
}

/**
 * Every record of a directory (§6.8.1.1: records never cross a block; a zero length byte pads to
 * the next block), with Rock Ridge names when the volume has them.
 */
export async function readDirectory(vol: IsoVolumeReader, dir: IsoRecord): Promise<IsoRecord[]> {
  if (dir.dataLength > ISO_LIMITS.maxDirBytes || dir.dataLength % BLOCK !== 0 || dir.dataLength === 0) {
    throw isoInvalid('iso9660.dirrec', 'dataLength', dir.offset + 10, `a multiple of ${BLOCK} between ${BLOCK} and ${ISO_LIMITS.maxDirBytes}`, `${dir.dataLength}`);
  }
  const bytes = await vol.reader.read(dir.dataOffset, dir.dataLength, { structure: 'iso9660.directory', field: 'extent' });
  const out: IsoRecord[] = [];
  let at = 0;
  while (at < bytes.length) {
    const length = bytes[at] ?? 0;
    const blockEnd = (Math.floor(at / BLOCK) + 1) * BLOCK;
    if (length === 0 || blockEnd - at < 34) {
      at = blockEnd;
      continue;
    }
    if (at + length > blockEnd) throw isoInvalid('iso9660.dirrec', 'length', dir.dataOffset + at, `a record inside its block (ends at ${blockEnd})`, `${length}`);
    const r = decodeRecord(bytes, at, dir.dataOffset);
    const rrName = vol.rockRidge ? await readSuspArea(vol.reader, bytes.subarray(at + r.suStart + vol.rockRidge.skip, at + length), r.offset) : undefined;
    out.push({ offset: r.offset, isoName: r.isoName, rrName, flags: r.flags, dataOffset: r.dataOffset, dataLength: r.dataLength });
    at += length;
  }
  return out;
}
