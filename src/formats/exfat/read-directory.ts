// Reads back what volume.ts writes: directory entry sets decoded with the same struct tables, and
// every check fsck.exfat makes on a set plus those it skips (ntfs-exfat.md §2.8, §2.9, §4).
import { entrySetChecksum, nameHash } from './checksum.js';
import {
  AllocationBitmapEntry,
  ENTRY_SIZE,
  EntryType,
  FileEntry,
  FileNameEntry,
  NAME_UNITS_PER_ENTRY,
  SecondaryFlags,
  StreamExtensionEntry,
  UpcaseTableEntry,
  VolumeLabelEntry,
} from './dir-entry.js';

export interface EntrySetRecord {
  /** index of the File entry in the directory */
  readonly index: number;
  readonly name: string;
  readonly attributes: number;
  readonly firstCluster: number;
  readonly dataLength: number;
  readonly validDataLength: number;
  readonly noFatChain: boolean;
  readonly lastModifiedTimestamp: number;
}

export interface SystemEntryRecord {
  readonly firstCluster: number;
  readonly dataLength: number;
  /** up-case entry only */
  readonly tableChecksum?: number;
}

export interface DirectoryRead {
  readonly label: string | undefined;
  readonly bitmap: SystemEntryRecord | undefined;
  readonly upcase: SystemEntryRecord | undefined;
  readonly sets: EntrySetRecord[];
  /** what is wrong, one line each; empty for a well-formed directory */
  readonly problems: string[];
}

/** Decodes a directory's bytes; `upcase` maps units for the NameHash check. */
export function readDirectory(bytes: Uint8Array, upcase: (unit: number) => number): DirectoryRead {
  const problems: string[] = [];
  const sets: EntrySetRecord[] = [];
  let label: string | undefined;
  let bitmap: SystemEntryRecord | undefined;
  let up: SystemEntryRecord | undefined;
  const count = Math.floor(bytes.length / ENTRY_SIZE);
  let i = 0;
  for (; i < count; i++) {
    const type = bytes[i * ENTRY_SIZE] ?? 0;
    if (type === EntryType.endOfDirectory) break;
    const at = i * ENTRY_SIZE;
    if (type === EntryType.volumeLabel) {
      const e = VolumeLabelEntry.decode(bytes, at);
      label = e.volumeLabel.slice(0, e.characterCount);
    } else if (type === EntryType.allocationBitmap) {
      const e = AllocationBitmapEntry.decode(bytes, at);
      bitmap = { firstCluster: e.firstCluster, dataLength: Number(e.dataLength) };
    } else if (type === EntryType.upcaseTable) {
      const e = UpcaseTableEntry.decode(bytes, at);
      up = { firstCluster: e.firstCluster, dataLength: Number(e.dataLength), tableChecksum: e.tableChecksum };
    } else if (type === EntryType.file) {
      const r = readSet(bytes, i, count, upcase);
      problems.push(...r.problems);
      if (r.set) sets.push(r.set);
      i += r.secondaries;
    } else if (type & 0x80) {
      problems.push(`entry ${i}: unexpected in-use entry type 0x${type.toString(16)}`);
    }
  }
  for (let j = i + 1; j < count; j++) {
    if ((bytes[j * ENTRY_SIZE] ?? 0) !== 0) problems.push(`entry ${j}: type 0x${(bytes[j * ENTRY_SIZE] ?? 0).toString(16)} after the end-of-directory entry`);
  }
  return { label, bitmap, upcase: up, sets, problems };
}

function readSet(bytes: Uint8Array, index: number, count: number, upcase: (unit: number) => number) {
  const problems: string[] = [];
  const f = FileEntry.decode(bytes, index * ENTRY_SIZE);
  const n = f.secondaryCount;
  const where = `set at entry ${index}`;
  if (n < 2 || n > 18 || index + n >= count) return { set: undefined, secondaries: Math.max(0, Math.min(n, count - index - 1)), problems: [`${where}: SecondaryCount ${n}`] };
  const raw = bytes.subarray(index * ENTRY_SIZE, (index + n + 1) * ENTRY_SIZE);
  if (entrySetChecksum(raw) !== f.setChecksum) problems.push(`${where}: SetChecksum 0x${f.setChecksum.toString(16)}, computed 0x${entrySetChecksum(raw).toString(16)}`);
  if (raw[ENTRY_SIZE] !== EntryType.streamExtension) problems.push(`${where}: second entry is not a Stream Extension`);
  const s = StreamExtensionEntry.decode(raw, ENTRY_SIZE);
  let name = '';
  for (let k = 2; k <= n; k++) {
    if (raw[k * ENTRY_SIZE] !== EntryType.fileName) problems.push(`${where}: entry ${k} is not a File Name entry`);
    name += FileNameEntry.decode(raw, k * ENTRY_SIZE).fileName;
  }
  // fsck measures the name to the first NUL and GRUB shows every unit to it: padding must be 0 (ntfs-exfat.md §2.8)
  const units = (n - 1) * NAME_UNITS_PER_ENTRY;
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  for (let u = s.nameLength; u < units; u++) {
    const k = 2 + Math.floor(u / NAME_UNITS_PER_ENTRY);
    if (view.getUint16(k * ENTRY_SIZE + 2 + (u % NAME_UNITS_PER_ENTRY) * 2, true) !== 0) {
      problems.push(`${where}: name unit ${u} past NameLength is not 0`);
      break;
    }
  }
  if (name.length !== s.nameLength) problems.push(`${where}: NameLength ${s.nameLength}, name ${JSON.stringify(name)}`);
  if (Math.ceil(s.nameLength / NAME_UNITS_PER_ENTRY) !== n - 1) problems.push(`${where}: ${n - 1} name entries for ${s.nameLength} units`);
  if (nameHash(name, upcase) !== s.nameHash) problems.push(`${where} (${name}): NameHash 0x${s.nameHash.toString(16)}, computed 0x${nameHash(name, upcase).toString(16)}`);
  if (s.validDataLength !== s.dataLength) problems.push(`${where} (${name}): ValidDataLength ${s.validDataLength} ≠ DataLength ${s.dataLength}`);
  const noFatChain = (s.generalSecondaryFlags & SecondaryFlags.noFatChain) !== 0;
  if (s.dataLength === 0n && (noFatChain || s.firstCluster !== 0)) problems.push(`${where} (${name}): empty with NoFatChain or a first cluster`);
  const set: EntrySetRecord = {
    index,
    name,
    attributes: f.fileAttributes,
    firstCluster: s.firstCluster,
    dataLength: Number(s.dataLength),
    validDataLength: Number(s.validDataLength),
    noFatChain,
    lastModifiedTimestamp: f.lastModifiedTimestamp,
  };
  return { set, secondaries: n, problems };
}
