// GUID Partition Table: header, 128-entry array, backup copy at the end of the disk
// (UEFI spec 2.10 §5.3; boot-media.md §2.2). Returns extents: the caller writes them.
import { at, bytesExtent, crc32, guid, struct, u32le, u64le, utf16le, zeros, type Extent } from '../../binary/index.js';
import { InternalError } from '../../diagnostics/errors.js';

export const GptHeader = struct('gpt.header', 92, {
  signature: at(0, u64le),
  revision: at(8, u32le),
  headerSize: at(12, u32le),
  headerCrc32: at(16, u32le),
  reserved: at(20, zeros(4)),
  myLba: at(24, u64le),
  alternateLba: at(32, u64le),
  firstUsableLba: at(40, u64le),
  lastUsableLba: at(48, u64le),
  diskGuid: at(56, guid),
  partitionEntryLba: at(72, u64le),
  numberOfPartitionEntries: at(80, u32le),
  sizeOfPartitionEntry: at(84, u32le),
  partitionEntryArrayCrc32: at(88, u32le),
});

export const GptEntry = struct('gpt.entry', 128, {
  typeGuid: at(0, guid),
  uniqueGuid: at(16, guid),
  firstLba: at(32, u64le),
  lastLba: at(40, u64le),
  attributes: at(48, u64le),
  name: at(56, utf16le(72)),
});

export const GptType = {
  esp: 'c12a7328-f81f-11d2-ba4b-00a0c93ec93b',
  biosBoot: '21686148-6449-6e6f-744e-656564454649',
  basicData: 'ebd0a0a2-b9e5-4433-87c0-68b6b72699c7',
  linux: '0fc63daf-8483-4772-8e79-3d69d8477de4',
} as const;

/** "EFI PART" read as a little-endian u64 */
const SIGNATURE = 0x5452415020494645n;
const ENTRIES = 128;
const ENTRY_SECTORS = (ENTRIES * 128) / 512;

export interface GptPartition {
  readonly typeGuid: string;
  readonly uniqueGuid: string;
  readonly firstLba: number;
  /** inclusive */
  readonly lastLba: number;
  readonly attributes?: bigint;
  readonly name: string;
}

export interface GptSpec {
  readonly diskSectors: number;
  readonly diskGuid: string;
  readonly partitions: readonly GptPartition[];
  /** LBA of the primary entry array (2 normally; isohybrid images may move it) */
  readonly entryLba?: number;
}

/** First and last usable LBA for a disk of `diskSectors` with the standard 32-sector arrays. */
export function gptUsable(diskSectors: number, entryLba = 2): { first: number; last: number } {
  return { first: entryLba + ENTRY_SECTORS, last: diskSectors - 2 - ENTRY_SECTORS };
}

export function encodeGptEntries(partitions: readonly GptPartition[]): Uint8Array {
  const out = new Uint8Array(ENTRIES * 128);
  partitions.forEach((p, i) => {
    GptEntry.encodeInto(out, i * 128, {
      typeGuid: p.typeGuid,
      uniqueGuid: p.uniqueGuid,
      firstLba: BigInt(p.firstLba),
      lastLba: BigInt(p.lastLba),
      attributes: p.attributes ?? 0n,
      name: p.name,
    });
  });
  return out;
}

/** Primary header (LBA 1), primary entries, backup entries and backup header (last LBA). */
export function gptExtents(spec: GptSpec): Extent[] {
  const entryLba = spec.entryLba ?? 2;
  const last = spec.diskSectors - 1;
  const usable = gptUsable(spec.diskSectors, entryLba);
  checkPartitions(spec.partitions, usable);
  const entries = encodeGptEntries(spec.partitions);
  const entriesCrc = crc32(entries);
  const header = (myLba: number, alternateLba: number, partitionEntryLba: number): Uint8Array => {
    const value = {
      signature: SIGNATURE,
      revision: 0x00010000,
      headerSize: 92,
      headerCrc32: 0,
      myLba: BigInt(myLba),
      alternateLba: BigInt(alternateLba),
      firstUsableLba: BigInt(usable.first),
      lastUsableLba: BigInt(usable.last),
      diskGuid: spec.diskGuid,
      partitionEntryLba: BigInt(partitionEntryLba),
      numberOfPartitionEntries: ENTRIES,
      sizeOfPartitionEntry: 128,
      partitionEntryArrayCrc32: entriesCrc,
    };
    // §5.3.2: the header CRC covers HeaderSize bytes with the CRC field itself zero
    const crc = crc32(GptHeader.encode(value));
    const sector = new Uint8Array(512);
    GptHeader.encodeInto(sector, 0, { ...value, headerCrc32: crc });
    return sector;
  };
  const backupEntryLba = last - ENTRY_SECTORS;
  return [
    bytesExtent(512, header(1, last, entryLba), 'gpt.header'),
    bytesExtent(entryLba * 512, entries, 'gpt.entries'),
    bytesExtent(backupEntryLba * 512, entries, 'gpt.entries-backup'),
    bytesExtent(last * 512, header(last, 1, backupEntryLba), 'gpt.header-backup'),
  ];
}

function checkPartitions(parts: readonly GptPartition[], usable: { first: number; last: number }): void {
  const sorted = [...parts].sort((a, b) => a.firstLba - b.firstLba);
  let end = usable.first - 1;
  for (const p of sorted) {
    if (p.firstLba <= end || p.lastLba > usable.last || p.lastLba < p.firstLba) {
      throw new InternalError(`GPT partition ${p.name} ${p.firstLba}..${p.lastLba} outside ${usable.first}..${usable.last} or overlapping`);
    }
    end = p.lastLba;
  }
}
