// How a file's content is stored (ntfs-exfat.md §1.5, §1.6): resident in its MFT record when it
// fits, otherwise non-resident. A resident value from a source file is never read here: it
// becomes a `file` extent inside the MFT, which is only possible where the value does not cover
// a fixup position (record bytes 510–511, §1.4), so such files must end before byte 510. Holes of a sparse source (its dataRanges,
// as SEEK_DATA/SEEK_HOLE report them) become sparse runs: no clusters, no extents.
import { fileExtent, type Extent, type VolumeFile } from '../../binary/extent.js';
import { AttrType } from './constants.js';
import { nonResidentAttr, residentAttr, type Attr } from './attribute.js';
import type { Run } from './runlist.js';

/** §1.6: ntfs-3g gives sparse attributes compression unit 4, i.e. 16-cluster blocks */
const SPARSE_BLOCK = 16;

export interface DataPlan {
  readonly file: VolumeFile;
  readonly resident: boolean;
  /** resident, with the value streamed from the source file into the MFT (see volume.ts) */
  readonly streamedResident: boolean;
  readonly sparse: boolean;
  /** VCN ranges [start, end) holding data, ascending and disjoint */
  readonly dataVcns: readonly (readonly [number, number])[];
  /** clusters that really need allocating */
  readonly clusters: number;
  /** clusters the run list spans (holes included) */
  readonly spanned: number;
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
  if (file.size === 0 || (!file.dataRanges && fits)) {
    return { file, resident: true, streamedResident: file.size > 0 && file.source.kind === 'file', sparse: false, dataVcns: [], clusters: 0, spanned: 0 };
  }
  const vcns = dataVcns(file, clusterSize);
  const total = Math.ceil(file.size / clusterSize);
  const clusters = vcns.reduce((n, [s, e]) => n + e - s, 0);
  const sparse = clusters < total;
  const spanned = sparse ? Math.ceil(total / SPARSE_BLOCK) * SPARSE_BLOCK : total;
  return { file, resident: false, streamedResident: false, sparse, dataVcns: vcns, clusters, spanned };
}

/** Runs for data allocated contiguously from `firstLcn`, holes between. */
export function dataRuns(p: DataPlan, firstLcn: number): Run[] {
  const runs: Run[] = [];
  let vcn = 0;
  let lcn = firstLcn;
  for (const [s, e] of p.dataVcns) {
    if (s > vcn) runs.push({ lcn: undefined, length: s - vcn });
    runs.push({ lcn, length: e - s });
    lcn += e - s;
    vcn = e;
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

/** One `file` extent per data run: only data ranges are ever streamed. */
export function dataExtents(p: DataPlan, clusterSize: number, firstLcn: number): Extent[] {
  const out: Extent[] = [];
  let lcn = firstLcn;
  for (const [s, e] of p.dataVcns) {
    const skip = s * clusterSize;
    const length = Math.min(e * clusterSize, p.file.size) - skip;
    out.push(fileExtent(lcn * clusterSize, p.file, p.file.path, skip, length));
    lcn += e - s;
  }
  return out;
}
