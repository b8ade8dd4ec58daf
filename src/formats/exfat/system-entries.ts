// The root's first three entries: volume label, allocation bitmap, up-case table, in the order
// mkfs.exfat writes them (exFAT spec §7.1–7.3, ntfs-exfat.md §2.1, §2.7).
import { AllocationBitmapEntry, ENTRY_SIZE, EntryType, UpcaseTableEntry, VolumeLabelEntry } from './dir-entry.js';

export interface SystemEntries {
  readonly label: string;
  readonly bitmapCluster: number;
  readonly bitmapBytes: number;
  readonly upcaseCluster: number;
  readonly upcaseBytes: number;
  readonly upcaseChecksum: number;
}

export function encodeSystemEntries(s: SystemEntries): Uint8Array {
  const out = new Uint8Array(3 * ENTRY_SIZE);
  // written even for no label (CharacterCount 0), as mkfs does
  VolumeLabelEntry.encodeInto(out, 0, { entryType: EntryType.volumeLabel, characterCount: s.label.length, volumeLabel: s.label });
  AllocationBitmapEntry.encodeInto(out, ENTRY_SIZE, {
    entryType: EntryType.allocationBitmap,
    bitmapFlags: 0,
    firstCluster: s.bitmapCluster,
    dataLength: BigInt(s.bitmapBytes),
  });
  UpcaseTableEntry.encodeInto(out, 2 * ENTRY_SIZE, {
    entryType: EntryType.upcaseTable,
    tableChecksum: s.upcaseChecksum,
    firstCluster: s.upcaseCluster,
    dataLength: BigInt(s.upcaseBytes),
  });
  return out;
}
