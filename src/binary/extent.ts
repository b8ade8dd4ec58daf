// Media as a list of extents: writers describe WHERE bytes go and WHERE they come from (metadata
// built in memory, or a range of a source file streamed at write time); io/ does the writing,
// leaving everything not covered as a hole (sparse output, flat memory).
import { InternalError } from '../diagnostics/errors.js';

/** Where an extent's bytes come from. `file.path` is opaque here: io/ resolves and streams it. */
export type DataSource =
  | { readonly kind: 'bytes'; readonly bytes: Uint8Array }
  | { readonly kind: 'file'; readonly path: string; readonly offset: number };

export interface Extent {
  /** byte offset in the output */
  readonly offset: number;
  readonly length: number;
  readonly source: DataSource;
  /** what it is, for dumps and errors (e.g. 'fat.fat1', '/EFI/BOOT/BOOTX64.EFI') */
  readonly label: string;
}

/** A run of bytes of a file: its offset and length. */
export interface ByteRange {
  readonly offset: number;
  readonly length: number;
}

/** A file to place on a volume: its path on the medium and where its content comes from. */
export interface VolumeFile {
  /** absolute POSIX path on the medium, e.g. '/boot/grub/grub.cfg' */
  readonly path: string;
  readonly size: number;
  readonly source: { readonly kind: 'bytes'; readonly bytes: Uint8Array } | { readonly kind: 'file'; readonly path: string };
  /**
   * The allocated ranges of the source, as SEEK_DATA/SEEK_HOLE see them (ascending, disjoint);
   * absent means all of it is data. Writers that support sparse files (NTFS) leave the rest as
   * holes; the others may ignore it, since holes read as zeros.
   */
  readonly dataRanges?: readonly ByteRange[];
}

export function bytesExtent(offset: number, bytes: Uint8Array, label: string): Extent {
  return { offset, length: bytes.length, source: { kind: 'bytes', bytes }, label };
}

/** The extent holding `length` bytes of a file's content from `skip` on, placed at `offset`. */
export function fileExtent(offset: number, file: VolumeFile, label: string, skip = 0, length = file.size - skip): Extent {
  const src = file.source;
  if (src.kind === 'bytes') {
    return { offset, length, source: { kind: 'bytes', bytes: src.bytes.subarray(skip, skip + length) }, label };
  }
  return { offset, length, source: { kind: 'file', path: src.path, offset: skip }, label };
}

/** Moves extents by `delta` bytes (a volume placed inside a disk image at a partition offset). */
export function shiftExtents(extents: readonly Extent[], delta: number): Extent[] {
  return extents.map((e) => ({ ...e, offset: e.offset + delta }));
}

/** Sorts by offset and checks that no two extents overlap and all lie inside `size`. */
export function checkExtents(extents: readonly Extent[], size: number): Extent[] {
  const sorted = [...extents].filter((e) => e.length > 0).sort((a, b) => a.offset - b.offset);
  let end = 0;
  let prev = '(start)';
  for (const e of sorted) {
    if (e.offset < end) throw new InternalError(`extent ${e.label} @${e.offset} overlaps ${prev} (ends ${end})`);
    if (e.offset + e.length > size) throw new InternalError(`extent ${e.label} ends at ${e.offset + e.length}, past ${size}`);
    end = e.offset + e.length;
    prev = e.label;
  }
  return sorted;
}

/** Renders byte-only extents into one buffer (small images such as an El Torito efi.img). */
export function extentsToBytes(extents: readonly Extent[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  for (const e of checkExtents(extents, size)) {
    if (e.source.kind !== 'bytes') throw new InternalError(`extent ${e.label} streams a file; only byte extents can be rendered`);
    out.set(e.source.bytes.subarray(0, e.length), e.offset);
  }
  return out;
}
