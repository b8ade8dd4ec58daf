// One file or directory entry set: File entry, Stream Extension, then ⌈NameLength/15⌉ File Name
// entries, sealed with SetChecksum (exFAT spec §6.3, §7.4, §7.6, §7.7; ntfs-exfat.md §2.8).
import { entrySetChecksum, nameHash } from './checksum.js';
import { ENTRY_SIZE, EntryType, FileEntry, FileNameEntry, NAME_UNITS_PER_ENTRY, SecondaryFlags, StreamExtensionEntry } from './dir-entry.js';
import type { ExfatTime } from './timestamp.js';

export interface EntrySetInput {
  readonly name: string;
  readonly attributes: number;
  /** 0 for an empty file */
  readonly firstCluster: number;
  readonly dataLength: number;
  /** contiguous: readers take the clusters from FirstCluster on without the FAT (§6.4.2.2) */
  readonly noFatChain: boolean;
  readonly time: ExfatTime;
}

/** 32-byte entries a set takes for `name`: 3…19. */
export const entriesFor = (name: string): number => 2 + Math.ceil(name.length / NAME_UNITS_PER_ENTRY);

export function encodeEntrySet(s: EntrySetInput, upcase: (unit: number) => number): Uint8Array {
  const count = entriesFor(s.name);
  const out = new Uint8Array(count * ENTRY_SIZE);
  const t = s.time;
  FileEntry.encodeInto(out, 0, {
    entryType: EntryType.file,
    secondaryCount: count - 1,
    setChecksum: 0,
    fileAttributes: s.attributes,
    createTimestamp: t.timestamp,
    lastModifiedTimestamp: t.timestamp,
    lastAccessedTimestamp: t.timestamp,
    create10msIncrement: t.increment10ms,
    lastModified10msIncrement: t.increment10ms,
    createUtcOffset: t.utcOffset,
    lastModifiedUtcOffset: t.utcOffset,
    lastAccessedUtcOffset: t.utcOffset,
  });
  // An empty file must not claim NoFatChain (fsck: "empty, but has no Fat chain", ntfs-exfat.md §2.8)
  const flags = SecondaryFlags.allocationPossible | (s.noFatChain && s.dataLength > 0 ? SecondaryFlags.noFatChain : 0);
  // ValidDataLength = DataLength: readers return stale bytes past VDL (ntfs-exfat.md §2.8)
  const length = BigInt(s.dataLength);
  StreamExtensionEntry.encodeInto(out, ENTRY_SIZE, {
    entryType: EntryType.streamExtension,
    generalSecondaryFlags: flags,
    nameLength: s.name.length,
    nameHash: nameHash(s.name, upcase),
    validDataLength: length,
    firstCluster: s.firstCluster,
    dataLength: length,
  });
  for (let i = 0; i * NAME_UNITS_PER_ENTRY < s.name.length; i++) {
    FileNameEntry.encodeInto(out, (2 + i) * ENTRY_SIZE, {
      entryType: EntryType.fileName,
      generalSecondaryFlags: 0,
      // the codec pads unused units with 0x0000, as fsck and GRUB require
      fileName: s.name.slice(i * NAME_UNITS_PER_ENTRY, (i + 1) * NAME_UNITS_PER_ENTRY),
    });
  }
  new DataView(out.buffer).setUint16(FileEntry.offsetOf('setChecksum'), entrySetChecksum(out), true);
  return out;
}
