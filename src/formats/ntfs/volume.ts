// A whole NTFS 3.1 volume as extents (ntfs-exfat.md Part I): boot sector and backup, the MFT and
// its mirror, the system streams, directory indexes (bytes) and file data (references to the
// sources, streamed later by io/). Allocation is contiguous from LCN 0 in a fixed order, so the
// same input always gives the same bytes; nothing reads file contents.
import { bytesExtent, checkExtents, fileExtent, type Extent, type VolumeFile } from '../../binary/extent.js';
import type { TreeDir } from '../../binary/file-tree.js';
import { diag, hasErrors, InternalError, type Diagnostic, type Result } from '../../diagnostics/index.js';
import { FIRST_USER_RECORD, MFT_RECORD_SIZE, Rec, RecordFlag, SECTOR, ntfsTime } from './constants.js';
import { ATTRDEF_BYTES, encodeAttrDef } from './attrdef.js';
import { encodeBootSector } from './boot-sector.js';
import { checkFiles, checkLabel, checkOptions, checkTree } from './check-input.js';
import { dirIndexAttrs, dirIndexBlocks } from './directory.js';
import { dataExtents } from './file-data.js';
import { planNtfsLayout, type NtfsLayout } from './layout.js';
import { encodeFreeRecord, encodeRecord } from './record.js';
import { buildSecure } from './secure.js';
import { rootFixedAttrs, systemRecords, systemRootKeys, systemSequence, type SystemPlacement } from './system-files.js';
import { upcaseData, upcaseInfo, ntfsUpcase } from './upcase.js';
import { encodeUserRecord, planUserNodes, residentValueOffset, type UserNode } from './user-files.js';
import { bitmapExtents, logFileExtents, zeroExtents } from './fill.js';
import { FILE_RECORD } from './structs.js';

export interface NtfsVolumeOptions {
  readonly sizeBytes: number;
  /** $Volume:$VOLUME_NAME; at most 32 characters */
  readonly label: string;
  /** boot sector 0x48; GRUB shows it as the UUID (%016llX) */
  readonly serial: bigint;
  /** seconds since the Unix epoch for every timestamp */
  readonly epoch: number;
  /** LBA of the partition on its disk (boot sector 0x1C) */
  readonly hiddenSectors: number;
  /** directories to create even when empty */
  readonly dirs?: readonly string[];
  /** bytes per cluster (512 … 65536); default: what mkntfs picks (§1.3) */
  readonly clusterSize?: number;
}

export interface NtfsVolume {
  /** extents relative to the start of the volume, sorted */
  readonly extents: readonly Extent[];
  readonly sizeBytes: number;
  readonly clusterSize: number;
  readonly usedClusters: number;
  readonly summary: string[];
}

const fail = (diagnostics: Diagnostic[]): Result<undefined> => ({ value: undefined, diagnostics });

export function buildNtfsVolume(files: readonly VolumeFile[], options: NtfsVolumeOptions): Result<NtfsVolume | undefined> {
  const layout = planNtfsLayout(options.sizeBytes, options.clusterSize);
  if (!layout) {
    return fail([diag('media/ntfs-size', 'error', `no NTFS volume fits in ${options.sizeBytes} bytes with ${options.clusterSize ?? 'the default'} clusters`, {
      expected: 'at least 1 MiB + 512 bytes, at most 2^32 − 1 clusters; a cluster of 512 … 65536 bytes, a power of two',
      found: `${options.sizeBytes} bytes`,
    })]);
  }
  const upcase = ntfsUpcase();
  const tree = checkTree(files, options.dirs ?? [], upcase);
  const diagnostics = [...checkOptions(options), ...checkLabel(options.label), ...checkFiles(files, layout.clusterSize), ...tree.diagnostics];
  if (hasErrors(diagnostics)) return fail(diagnostics);

  const cs = layout.clusterSize;
  const time = ntfsTime(options.epoch);
  const clusters = new ClusterCursor(cs);
  const secure = buildSecure(4096, layout.indexRootClustersPerBlock);
  const upcaseBytes = upcaseData();
  const place = placeSystemStreams(layout, countNodes(tree.root), secure.sdsSize, upcaseBytes, clusters);
  const records = place.mft.bytes / MFT_RECORD_SIZE;
  const take = (bytes: number): number => clusters.take(bytes);
  const sys = { layout, time, label: options.label, place, secure };
  const rootFixed = rootFixedAttrs(time);
  const plan = planUserNodes({ layout, upcase, time }, tree.root, rootFixed, systemRootKeys(sys));
  const rootLcn = take(plan.root.clusters * cs);
  const lcnOf = new Map<number, number>();
  for (const u of plan.nodes) if (u.index && u.index.clusters > 0) lcnOf.set(u.record, take(u.index.clusters * cs));
  for (const u of plan.nodes) if (u.data && u.data.clusters > 0) lcnOf.set(u.record, take(u.data.clusters * cs));
  const cursor = clusters.next;
  if (cursor > layout.clusterCount) {
    return fail([diag('media/ntfs-full', 'error', `the files and NTFS metadata need ${cursor} clusters of ${cs} bytes; the ${layout.deviceBytes}-byte volume has ${layout.clusterCount}`, {
      expected: `≤ ${layout.clusterCount * cs} bytes of clusters`, found: `${cursor * cs} bytes`, hint: 'make the volume larger or put fewer files on it',
    })]);
  }

  const mft = new Uint8Array(place.mft.bytes);
  const inUse: number[] = [];
  const put = (n: number, r: Uint8Array): void => {
    mft.set(r, n * MFT_RECORD_SIZE);
    if ((r[FILE_RECORD.offsetOf('flags')] ?? 0) & RecordFlag.inUse) inUse.push(n);
  };
  for (let n = 0; n < records; n++) put(n, encodeFreeRecord(n, systemSequence(n)));
  for (const [n, r] of systemRecords(sys)) put(n, r);
  const root = encodeRecord({ number: Rec.root, sequence: Rec.root, flags: RecordFlag.inUse | RecordFlag.directory, linkCount: 1, attrs: [...rootFixed, ...dirIndexAttrs(plan.root, layout, rootLcn)] });
  if (!root) throw new InternalError('the root index was planned to fit in its record');
  put(Rec.root, root);
  for (const u of plan.nodes) {
    const r = encodeUserRecord(u, layout, lcnOf.get(u.record) ?? 0);
    if (r) put(u.record, r);
    else diagnostics.push(diag('media/ntfs-fragmented', 'error', `${u.node.path}: its run list (${u.data?.pieces.length ?? 0} runs) does not fit in one 1024-byte MFT record`, { origin: { file: u.node.path }, hint: 'bootgen writes no $ATTRIBUTE_LIST; store the file with fewer holes' }));
  }
  if (hasErrors(diagnostics)) return fail(diagnostics);

  const boot = encodeBootSector(layout, { serial: options.serial, hiddenSectors: options.hiddenSectors, mftLcn: place.mft.lcn, mftMirrLcn: place.mftMirr.lcn });
  const at = (lcn: number): number => lcn * cs;
  const extents: Extent[] = [
    bytesExtent(0, boot, 'ntfs.boot'),
    bytesExtent(layout.deviceBytes - SECTOR, boot, 'ntfs.boot-backup'),
    ...mftExtents(at(place.mft.lcn), mft, plan.nodes),
    bytesExtent(at(place.mftBitmap.lcn), recordBitmap(inUse, place.mftBitmap.bytes), 'ntfs.$MFT:$BITMAP'),
    bytesExtent(at(place.mftMirr.lcn), mft.subarray(0, layout.mirrorRecords * MFT_RECORD_SIZE), 'ntfs.$MFTMirr'),
    ...logFileExtents(at(place.logFile.lcn), layout.logFileBytes),
    bytesExtent(at(place.attrDef.lcn), encodeAttrDef(), 'ntfs.$AttrDef'),
    ...bitmapExtents(at(place.bitmap.lcn), cursor, layout.clusterCount, place.bitmap.bytes),
    bytesExtent(at(place.upCase.lcn), upcaseBytes, 'ntfs.$UpCase'),
    bytesExtent(at(place.sds.lcn), secure.sdsEntry, 'ntfs.$Secure:$SDS'),
    ...zeroExtents(at(place.sds.lcn) + secure.sdsEntry.length, secure.sdsMirrorOffset - secure.sdsEntry.length, 'ntfs.$Secure:$SDS (unused)'),
    bytesExtent(at(place.sds.lcn) + secure.sdsMirrorOffset, secure.sdsEntry, 'ntfs.$Secure:$SDS mirror'),
  ];
  if (plan.root.blocks > 0) extents.push(bytesExtent(at(rootLcn), dirIndexBlocks(plan.root, layout), 'ntfs.index /'));
  for (const u of plan.nodes) {
    const lcn = lcnOf.get(u.record) ?? 0;
    if (u.index && u.index.blocks > 0) extents.push(bytesExtent(at(lcn), dirIndexBlocks(u.index, layout), `ntfs.index ${u.node.path}`));
    if (u.data && u.data.clusters > 0) extents.push(...dataExtents(u.data, cs, lcn));
  }
  return { value: { extents: checkExtents(extents, layout.deviceBytes), sizeBytes: layout.deviceBytes, clusterSize: cs, usedClusters: cursor, summary: summarize(layout, cursor, plan.nodes) }, diagnostics };
}

/**
 * $MFT as bytes, except resident values that come from source files: each is a `file` extent
 * at its place in its record (planData keeps them clear of the fixup positions).
 */
function mftExtents(offset: number, mft: Uint8Array, nodes: readonly UserNode[]): Extent[] {
  const out: Extent[] = [];
  let done = 0;
  for (const u of nodes) {
    if (!u.data?.streamedResident) continue;
    const at = u.record * MFT_RECORD_SIZE + residentValueOffset(u.fixed);
    out.push(bytesExtent(offset + done, mft.subarray(done, at), 'ntfs.$MFT'));
    out.push(fileExtent(offset + at, u.data.file, `${u.node.path} (resident)`));
    done = at + u.data.file.size;
  }
  out.push(bytesExtent(offset + done, mft.subarray(done), 'ntfs.$MFT'));
  return out;
}

const roundUp8 = (n: number): number => Math.max(8, Math.ceil(n / 8) * 8);

/** Contiguous allocation from LCN 0: every stream starts where the previous one ended. */
class ClusterCursor {
  next = 0;
  constructor(private readonly clusterSize: number) {}
  take(bytes: number): number {
    const lcn = this.next;
    this.next += Math.ceil(bytes / this.clusterSize);
    return lcn;
  }
}

/**
 * §1.1 order: $Boot at LCN 0, then $MFT (64 system/reserved records + one per user file or
 * directory, §1.7), its bitmap, $MFTMirr, $LogFile, $AttrDef, $Bitmap, $UpCase, $Secure:$SDS.
 */
function placeSystemStreams(layout: NtfsLayout, userNodes: number, sdsSize: number, upcase: Uint8Array, c: ClusterCursor): SystemPlacement {
  const cs = layout.clusterSize;
  const mftBytes = Math.ceil(((FIRST_USER_RECORD + userNodes) * MFT_RECORD_SIZE) / cs) * cs;
  const mftBitmapBytes = roundUp8(Math.ceil(mftBytes / MFT_RECORD_SIZE / 8));
  const bitmapBytes = roundUp8(Math.ceil(layout.clusterCount / 8));
  c.take(layout.bootBytes);
  return {
    mft: { lcn: c.take(mftBytes), bytes: mftBytes },
    mftBitmap: { lcn: c.take(mftBitmapBytes), bytes: mftBitmapBytes },
    mftMirr: { lcn: c.take(layout.mirrorRecords * MFT_RECORD_SIZE) },
    logFile: { lcn: c.take(layout.logFileBytes) },
    attrDef: { lcn: c.take(ATTRDEF_BYTES), bytes: ATTRDEF_BYTES },
    bitmap: { lcn: c.take(bitmapBytes), bytes: bitmapBytes },
    upCase: { lcn: c.take(upcase.length), bytes: upcase.length, info: upcaseInfo(upcase) },
    sds: { lcn: c.take(sdsSize) },
  };
}

function countNodes(d: TreeDir): number {
  return d.children.reduce((n, c) => n + 1 + (c.kind === 'dir' ? countNodes(c) : 0), 0);
}

/** §1.13: one bit per record in use, data size a multiple of 8 bytes. */
function recordBitmap(inUse: readonly number[], bytes: number): Uint8Array {
  const b = new Uint8Array(bytes);
  for (const n of inUse) b[n >> 3] = (b[n >> 3] ?? 0) | (1 << (n & 7));
  return b;
}

function summarize(l: NtfsLayout, used: number, nodes: readonly { readonly node: { readonly kind: string }; readonly data?: { readonly sparse: boolean; readonly resident: boolean } }[]): string[] {
  const files = nodes.filter((n) => n.node.kind === 'file');
  return [
    `NTFS 3.1, ${l.deviceBytes} bytes, ${l.clusterSize}-byte clusters, ${used} of ${l.clusterCount} clusters used`,
    `${files.length} files (${files.filter((f) => f.data?.resident).length} resident, ${files.filter((f) => f.data?.sparse).length} sparse), ${nodes.length - files.length} directories`,
    `$LogFile ${l.logFileBytes} bytes`,
  ];
}
