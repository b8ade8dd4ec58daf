// A whole ISO 9660 + Rock Ridge volume as extents, with optional El Torito boot entries
// (ECMA-119 §6.2 layout: 16 system-area blocks, descriptors, path tables, directories, files).
// Boot images may be patched once their LBA is known (GRUB boot info, boot-media.md §4.2).
import { bytesExtent, fileExtent, type Extent, type VolumeFile } from '../../binary/extent.js';
import { buildFileTree, dirsBreadthFirst } from '../../binary/file-tree.js';
import { diag, type Diagnostic, type Result } from '../../diagnostics/index.js';
import { encodeBootCatalog, encodeBootRecord } from '../eltorito/boot-catalog.js';
import { BLOCK, decDateTime, PrimaryVolumeDescriptor, STANDARD_ID, terminator } from './descriptors.js';
import { encodeRecord, RecordFlag } from './dir-record.js';
import { planIsoDirectory, type IsoDirPlan, type RecordPlan } from './directory-plan.js';
import { encodePathTable, pathTableSize, type PathTableDir } from './path-table.js';
import { concatBytes } from '../../binary/concat.js';
import { ceEntry } from './rock-ridge.js';

export interface IsoBoot {
  /** medium path of the image file (must be in `files`) */
  readonly path: string;
  readonly platform: number;
  /** 512-byte sectors the firmware loads; undefined → whole image (0 when > 65535) */
  readonly sectorCount?: number;
  /** rewrites the image bytes once its LBA is known (the file's source must be bytes) */
  readonly patch?: (image: Uint8Array, lba: number, pvdLba: number) => Uint8Array;
}

export interface IsoVolumeOptions {
  readonly volumeId: string;
  readonly epoch: number;
  readonly boot?: readonly IsoBoot[];
  /** zero blocks appended (room for a backup GPT) and counted in the volume size */
  readonly tailBlocks?: number;
  readonly dirs?: readonly string[];
}

export interface IsoVolume {
  readonly extents: readonly Extent[];
  readonly blocks: number;
  readonly sizeBytes: number;
  /** first LBA of a file's data by medium path */
  readonly lbaOf: (path: string) => number | undefined;
}

interface Placed {
  readonly dirLba: Map<string, number>;
  readonly ceLba: Map<string, number>;
  readonly fileLba: Map<string, number>;
  readonly catalogLba: number;
  readonly pathLba: { l: number; m: number; size: number };
  readonly blocks: number;
}

export function buildIsoVolume(files: readonly VolumeFile[], o: IsoVolumeOptions): Result<IsoVolume | undefined> {
  const { root, problems } = buildFileTree(files, o.dirs ?? []);
  const diagnostics: Diagnostic[] = problems.map((p) => diag('media/iso-path', 'error', `${p.path} ${p.message}`, { origin: { file: p.path } }));
  if (!/^[A-Z0-9_]{0,32}$/.test(o.volumeId)) {
    diagnostics.push(diag('media/iso-bad-label', 'error', `volume id ${JSON.stringify(o.volumeId)} is not valid`, { expected: 'at most 32 characters of A-Z 0-9 _' }));
  }
  if (diagnostics.length) return { value: undefined, diagnostics };
  const ids = new Map<string, string>([['/', '']]);
  const plans: IsoDirPlan[] = [];
  for (const dir of dirsBreadthFirst(root)) {
    const plan = planIsoDirectory(dir, ids.get(dir.path) ?? '', dir === root, o.epoch);
    for (const r of plan.records) if (r.kind === 'child' && r.node?.kind === 'dir') ids.set(r.node.path, new TextDecoder().decode(r.identifier));
    plans.push(plan);
  }
  const boots = o.boot ?? [];
  const placed = place(plans, boots.length > 0, o.tailBlocks ?? 0);
  const extents = encode(plans, placed, boots, o);
  const lbaOf = (p: string): number | undefined => placed.fileLba.get(p);
  return { value: { extents, blocks: placed.blocks, sizeBytes: placed.blocks * BLOCK, lbaOf }, diagnostics: [] };
}

function place(plans: readonly IsoDirPlan[], boot: boolean, tail: number): Placed {
  let next = 16 + 1 + (boot ? 1 : 0) + 1; // PVD, boot record, terminator
  const catalogLba = boot ? next++ : 0;
  const pt: PathTableDir[] = plans.map((p) => ({ identifier: p.identifier, lba: 0, parent: 1 }));
  const size = pathTableSize(pt);
  const l = next;
  next += Math.ceil(size / BLOCK);
  const m = next;
  next += Math.ceil(size / BLOCK);
  const dirLba = new Map<string, number>();
  const ceLba = new Map<string, number>();
  for (const p of plans) {
    dirLba.set(p.dir.path, next);
    next += p.blocks;
    ceLba.set(p.dir.path, next);
    next += p.ceBlocks;
  }
  const fileLba = new Map<string, number>();
  for (const p of plans) {
    for (const r of p.records) {
      if (r.kind !== 'child' || r.node?.kind !== 'file' || r.part.index !== 0) continue;
      fileLba.set(r.node.path, r.node.file.size === 0 ? 0 : next);
      next += Math.ceil(r.node.file.size / BLOCK);
    }
  }
  return { dirLba, ceLba, fileLba, catalogLba, pathLba: { l, m, size }, blocks: next + tail };
}

function encode(plans: readonly IsoDirPlan[], at: Placed, boots: readonly IsoBoot[], o: IsoVolumeOptions): Extent[] {
  const extents: Extent[] = [];
  const rootPlan = plans[0];
  const rootLba = at.dirLba.get('/') ?? 0;
  const rootRecord = encodeRecord({ extentLba: rootLba, dataLength: (rootPlan?.blocks ?? 1) * BLOCK, flags: RecordFlag.directory, identifier: Uint8Array.of(0), systemUse: new Uint8Array(), epoch: o.epoch });
  const pvd = PrimaryVolumeDescriptor.encode({
    type: 1, id: STANDARD_ID, version: 1, systemId: '', volumeId: o.volumeId, volumeSpaceSize: at.blocks,
    volumeSetSize: 1, volumeSequenceNumber: 1, logicalBlockSize: BLOCK, pathTableSize: at.pathLba.size,
    lPathTableLba: at.pathLba.l, optionalLPathTableLba: 0, mPathTableLba: at.pathLba.m, optionalMPathTableLba: 0,
    rootDirectoryRecord: rootRecord, volumeSetId: o.volumeId, publisherId: '', preparerId: 'BOOTGEN', applicationId: 'BOOTGEN',
    copyrightFileId: '', abstractFileId: '', bibliographicFileId: '',
    creationDate: decDateTime(o.epoch), modificationDate: decDateTime(o.epoch), expirationDate: decDateTime(undefined), effectiveDate: decDateTime(undefined),
    fileStructureVersion: 1,
  });
  extents.push(bytesExtent(16 * BLOCK, pvd, 'iso.pvd'));
  let vd = 17;
  if (boots.length) {
    extents.push(bytesExtent(vd++ * BLOCK, encodeBootRecord(at.catalogLba), 'eltorito.boot-record'));
    const entries = boots.map((b) => {
      const size = fileSize(plans, b.path);
      const sectors = b.sectorCount ?? Math.ceil(size / 512);
      return { platform: b.platform, lba: at.fileLba.get(b.path) ?? 0, sectorCount: sectors > 0xffff ? 0 : sectors };
    });
    extents.push(bytesExtent(at.catalogLba * BLOCK, encodeBootCatalog(entries), 'eltorito.catalog'));
  }
  extents.push(bytesExtent(vd * BLOCK, terminator(), 'iso.terminator'));
  const dirNumber = new Map(plans.map((p, i) => [p.dir.path, i + 1]));
  const table: PathTableDir[] = plans.map((p) => ({ identifier: p.identifier, lba: at.dirLba.get(p.dir.path) ?? 0, parent: dirNumber.get(parentOf(p.dir.path)) ?? 1 }));
  extents.push(bytesExtent(at.pathLba.l * BLOCK, encodePathTable(table, true), 'iso.path-table-l'));
  extents.push(bytesExtent(at.pathLba.m * BLOCK, encodePathTable(table, false), 'iso.path-table-m'));
  const blocksOf = new Map(plans.map((p) => [p.dir.path, p.blocks]));
  for (const p of plans) extents.push(...encodeDirectory(p, at, blocksOf, o.epoch));
  extents.push(...fileExtents(plans, at, boots));
  return extents;
}

const parentOf = (path: string): string => path.slice(0, path.lastIndexOf('/')) || '/';

function fileSize(plans: readonly IsoDirPlan[], path: string): number {
  for (const p of plans) for (const r of p.records) if (r.node?.path === path && r.node.kind === 'file') return r.node.file.size;
  return 0;
}

function encodeDirectory(p: IsoDirPlan, at: Placed, blocksOf: Map<string, number>, epoch: number): Extent[] {
  const dirBytes = new Uint8Array(p.blocks * BLOCK);
  const ceBytes = new Uint8Array(p.ceBlocks * BLOCK);
  const ceBase = at.ceLba.get(p.dir.path) ?? 0;
  for (const r of p.records) {
    const target = r.kind === 'self' ? p.dir.path : r.kind === 'parent' ? parentOf(p.dir.path) : (r.node?.path ?? '');
    const isDir = r.kind !== 'child' || r.node?.kind === 'dir';
    const lba = isDir ? (at.dirLba.get(target) ?? 0) : fileRecordLba(at, target, r);
    const length = isDir ? (blocksOf.get(target) ?? 1) * BLOCK : r.part.length;
    const flags = (isDir ? RecordFlag.directory : 0) | (r.part.index + 1 < r.part.count ? RecordFlag.multiExtent : 0);
    const su = r.ce ? concatBytes([...r.inline, ceEntry(ceBase + r.ce.block, r.ce.offset, r.ce.length)]) : concatBytes(r.inline);
    dirBytes.set(encodeRecord({ extentLba: lba, dataLength: length, flags, identifier: r.identifier, systemUse: su, epoch }), r.offset);
    if (r.ce) ceBytes.set(concatBytes(r.overflow), r.ce.block * BLOCK + r.ce.offset);
  }
  const out = [bytesExtent((at.dirLba.get(p.dir.path) ?? 0) * BLOCK, dirBytes, `iso.dir ${p.dir.path}`)];
  if (p.ceBlocks) out.push(bytesExtent(ceBase * BLOCK, ceBytes, `iso.ce ${p.dir.path}`));
  return out;
}

function fileRecordLba(at: Placed, path: string, r: RecordPlan): number {
  const first = at.fileLba.get(path) ?? 0;
  return first === 0 ? 0 : first + r.part.offset / BLOCK;
}

function fileExtents(plans: readonly IsoDirPlan[], at: Placed, boots: readonly IsoBoot[]): Extent[] {
  const out: Extent[] = [];
  for (const p of plans) {
    for (const r of p.records) {
      if (r.kind !== 'child' || r.node?.kind !== 'file' || r.part.index !== 0 || r.node.file.size === 0) continue;
      const lba = at.fileLba.get(r.node.path) ?? 0;
      const boot = boots.find((b) => b.path === r.node?.path);
      const src = r.node.file.source;
      if (boot?.patch && src.kind === 'bytes') out.push(bytesExtent(lba * BLOCK, boot.patch(src.bytes.slice(), lba, 16), r.node.path));
      else out.push(fileExtent(lba * BLOCK, r.node.file, r.node.path));
    }
  }
  return out;
}
