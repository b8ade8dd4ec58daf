// File data as `file` extents. A sparse source lists its data ranges (VolumeFile.dataRanges,
// offset + length in the source); only those become extents, and the holes between them stay
// holes in a sparse output, which reads back as the zeros they are. exFAT has no sparse files, so
// the clusters are still allocated contiguously and ValidDataLength = DataLength (ntfs-exfat.md §2.8).
import { fileExtent, type ByteRange, type Extent, type VolumeFile } from '../../binary/extent.js';

export type { ByteRange };

/**
 * Extents placing `file` at `offset`: the whole file, or only its data ranges. They are meant to be
 * ascending and disjoint; they are sorted, merged and clipped anyway, since overlapping extents
 * are an internal error further on.
 */
export function fileDataExtents(offset: number, file: VolumeFile, label: string): Extent[] {
  if (!file.dataRanges || file.source.kind === 'bytes') return [fileExtent(offset, file, label)];
  const out: Extent[] = [];
  for (const r of mergeRanges(file.dataRanges, file.size)) out.push(fileExtent(offset + r.offset, file, label, r.offset, r.length));
  return out;
}

export function mergeRanges(ranges: readonly ByteRange[], size: number): ByteRange[] {
  const sorted = ranges
    .map((r) => ({ start: Math.max(0, r.offset), end: Math.min(size, r.offset + r.length) }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const r of sorted) {
    const last = merged[merged.length - 1];
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  return merged.map((r) => ({ offset: r.start, length: r.end - r.start }));
}
