// How a file's content is stored (ntfs-exfat.md §1.5, §1.6): resident in its MFT record when it
// fits, otherwise non-resident. A resident value from a source file is never read here: it
// becomes a `file` extent inside the MFT, which is only possible where the value does not cover
// a fixup position (record bytes 510–511, §1.4), so such files must end before byte 510. Holes of a sparse source (its dataRanges,
// as SEEK_DATA/SEEK_HOLE report them) become sparse runs: no clusters, no extents.
import { fileExtent, type Extent, type VolumeFile } from '../../binary/extent.js';
import { AttrType } from './constants.js';
import { nonResidentAttr, residentAttr, type Attr } from './attribute.js';
import type { Run } from './runlist.js';
import { zeroExtents } from './fill.js';

/** §1.6: ntfs-3g gives sparse attributes compression unit 4, i.e. 16-cluster blocks */
const SPARSE_BLOCK = 16;

export interface DataPlan {
  readonly file: VolumeFile;
  readonly resident: boolean;
  /** resident, with the value streamed from the source file into the MFT (see volume.ts) */
  readonly streamedResident: boolean;
  readonly sparse: boolean;
  /** allocated VCN ranges, ascending and disjoint, each its own run */
  readonly pieces: readonly Piece[];
  /** clusters that really need allocating */
  readonly clusters: number;
  /** clusters the run list spans (holes included) */
  readonly spanned: number;
}

/** VCNs [vcn, vcn + length): source data, or a zero "guard" cluster (see planData). */
export interface Piece {
  readonly vcn: number;
  readonly length: number;
  readonly zero: boolean;
}

/** Data ranges rounded out to clusters and merged; undefined ranges mean "all data". */
function dataVcns(file: VolumeFile, clusterSize: number): [number, number][] {
  const total = Math.ceil(file.size / clusterSize);
  if (!file.dataRanges) return total > 0 ? [[0, total]] : [];
  const out: [number, number][] = [];
  for (const r of file.dataRanges) {
    if (r.length <= 0) continue;
    const s = Math.floor(r.offset / clusterSize);
    const e = Math.min(total, Math.ceil((r.offset + r.length) / clusterSize));
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else if (s < e) out.push([s, e]);
  }
  return out;
}

export interface ResidentRoom {
  /** value bytes that fit in the record (rounded down to 8) */
  readonly inRecord: number;
  /** value bytes that fit before the first fixup position */
  readonly beforeFixup: number;
}

export function planData(file: VolumeFile, clusterSize: number, room: ResidentRoom): DataPlan {
  const fits = file.source.kind === 'bytes' ? file.size <= room.inRecord : file.size <= room.beforeFixup;
  // holes read as zeros from the source too, so a small sparse source can be resident as well
  if (file.size === 0 || fits) {
    return { file, resident: true, streamedResident: file.size > 0 && file.source.kind === 'file', sparse: false, pieces: [], clusters: 0, spanned: 0 };
  }
  const vcns = dataVcns(file, clusterSize);
  const total = Math.ceil(file.size / clusterSize);
  // GRUB's run walk (§1.15 item 6) returns the current LCN for the first cluster of every new
  // run, holes included, so the first cluster of a hole after data reads as the start of the
  // previous run. A zero cluster, as a run of its own, between the data and the hole makes that
  // "previous run" all zeros: 1 cluster per hole, and GRUB reads sparse files correctly.
  const pieces: Piece[] = [];
  vcns.forEach(([s, e], i) => {
    pieces.push({ vcn: s, length: e - s, zero: false });
    const next = vcns[i + 1]?.[0] ?? total;
    if (next > e) pieces.push({ vcn: e, length: 1, zero: true });
  });
  const clusters = pieces.reduce((n, x) => n + x.length, 0);
  const sparse = clusters < total;
  const spanned = sparse ? Math.ceil(total / SPARSE_BLOCK) * SPARSE_BLOCK : total;
  return { file, resident: false, streamedResident: false, sparse, pieces, clusters, spanned };
}

/** Runs for data allocated contiguously from `firstLcn`, holes between. */
export function dataRuns(p: DataPlan, firstLcn: number): Run[] {
  const runs: Run[] = [];
  let vcn = 0;
  let lcn = firstLcn;
  for (const x of p.pieces) {
    if (x.vcn > vcn) runs.push({ lcn: undefined, length: x.vcn - vcn });
    runs.push({ lcn, length: x.length });
    lcn += x.length;
    vcn = x.vcn + x.length;
  }
  if (p.spanned > vcn) runs.push({ lcn: undefined, length: p.spanned - vcn });
  return runs;
}

/** The unnamed $DATA attribute. */
export function dataAttr(p: DataPlan, clusterSize: number, firstLcn: number): Attr {
  if (p.resident) {
    const src = p.file.source;
    // a streamed value is zeros here; its file extent overlays them (volume.ts)
    const value = src.kind === 'bytes' ? src.bytes.subarray(0, p.file.size) : new Uint8Array(p.file.size);
    return residentAttr({ type: AttrType.data, value });
  }
  return nonResidentAttr({ type: AttrType.data, runs: dataRuns(p, firstLcn), clusterSize, dataSize: p.file.size, sparse: p.sparse });
}

/** $FILE_NAME sizes (§1.8): a resident value's length rounded to 8, or the attribute's allocated size. */
export function fnSizes(p: DataPlan, clusterSize: number): { allocatedSize: number; dataSize: number } {
  if (p.resident) return { allocatedSize: (p.file.size + 7) & ~7, dataSize: p.file.size };
  return { allocatedSize: p.spanned * clusterSize, dataSize: p.file.size };
}

/** One `file` extent per data run (only data ranges are ever streamed), zeros for guards. */
export function dataExtents(p: DataPlan, clusterSize: number, firstLcn: number): Extent[] {
  const out: Extent[] = [];
  let lcn = firstLcn;
  for (const x of p.pieces) {
    const at = lcn * clusterSize;
    if (x.zero) {
      out.push(...zeroExtents(at, x.length * clusterSize, `${p.file.path} (zero guard)`));
    } else {
      const skip = x.vcn * clusterSize;
      const length = Math.min((x.vcn + x.length) * clusterSize, p.file.size) - skip;
      out.push(fileExtent(at, p.file, p.file.path, skip, length));
    }
    lcn += x.length;
  }
  return out;
}
