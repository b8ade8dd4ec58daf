// A whole exFAT volume as extents: both boot regions, the FAT, bitmap, up-case table and
// directories (bytes), and file data (references streamed later by io/, never read here).
// Geometry as mkfs.exfat 1.2.0 (ntfs-exfat.md §2.3); allocation in allocate.ts.
import { bytesExtent, type Extent, type VolumeFile } from '../../binary/extent.js';
import { buildFileTree, dirsBreadthFirst } from '../../binary/file-tree.js';
import { diag, hasErrors, type Diagnostic, type Result } from '../../diagnostics/index.js';
import { allocate, type Allocation } from './allocate.js';
import { bitmapBytes, encodeBitmap } from './allocation-bitmap.js';
import { encodeBootRegion } from './boot-sector.js';
import { encodeDirectory, planDirectory, type DirPlan } from './directory.js';
import { encodeFat } from './fat-table.js';
import { fileDataExtents } from './file-data.js';
import { BOOT_REGION_SECTORS, clusterByteOffset, isLayout, planExfatLayout, type ExfatLayout } from './layout.js';
import { labelProblem } from './names.js';
import { encodeSystemEntries } from './system-entries.js';
import { exfatTime, MAX_EPOCH, MIN_EPOCH } from './timestamp.js';
import { recommendedUpcaseTable, type UpcaseTable } from './upcase-table.js';
import { volumeSummary } from './summary.js';

export interface ExfatVolumeOptions {
  readonly sizeBytes: number;
  /** ≤ 11 UTF-16 units; '' for none */
  readonly label: string;
  /** VolumeSerialNumber (u32) */
  readonly serial: number;
  /** seconds since the Unix epoch for every timestamp */
  readonly epoch: number;
  /** LBA of the partition on its disk (PartitionOffset; also the 1 MiB alignment base) */
  readonly hiddenSectors: number;
  /** directories to create even when empty */
  readonly dirs?: readonly string[];
}

export interface ExfatVolume {
  /** extents relative to the start of the volume */
  readonly extents: readonly Extent[];
  readonly sizeBytes: number;
  readonly clusterSize: number;
  readonly usedClusters: number;
  readonly layout: ExfatLayout;
  readonly summary: string[];
}

const SECTOR = 512;

export function buildExfatVolume(files: readonly VolumeFile[], options: ExfatVolumeOptions): Result<ExfatVolume | undefined> {
  const badOption = checkOptions(options);
  if (badOption) return fail([badOption]);
  const planned = planExfatLayout(options.sizeBytes, { hiddenSectors: options.hiddenSectors });
  if (!isLayout(planned)) {
    return fail([
      diag('media/exfat-size', 'error', `no exFAT volume fits in ${options.sizeBytes} bytes: ${planned.reason}`, {
        hint: planned.problem === 'too-small' ? 'exFAT with 1 MiB alignment needs a few MiB; make the volume larger' : 'split the space into several volumes',
      }),
    ]);
  }
  const layout = planned;
  const diagnostics: Diagnostic[] = [];
  const badLabel = labelProblem(options.label);
  if (badLabel) {
    diagnostics.push(diag('media/exfat-bad-label', 'error', `volume label ${JSON.stringify(options.label)} ${badLabel}`, { expected: 'at most 11 UTF-16 units, no control characters or "*/:<>?\\|' }));
  }
  const epoch = Math.min(MAX_EPOCH, Math.max(MIN_EPOCH, options.epoch));
  if (epoch !== options.epoch) {
    diagnostics.push(diag('media/exfat-epoch-range', 'warning', `timestamp ${options.epoch} is outside exFAT's 1980–2107; using ${new Date(epoch * 1000).toISOString()}`));
  }
  const { root, problems } = buildFileTree(files, options.dirs ?? []);
  for (const p of problems) diagnostics.push(diag('media/exfat-path', 'error', `${p.path} ${p.message}`, { origin: { file: p.path } }));
  const upcase = recommendedUpcaseTable();
  const plans: DirPlan[] = [];
  for (const dir of dirsBreadthFirst(root)) {
    const r = planDirectory(dir, dir === root, upcase.map);
    plans.push(r.plan);
    diagnostics.push(...r.diagnostics);
  }
  if (hasErrors(diagnostics)) return fail(diagnostics);
  const alloc = allocate(layout, plans, upcase.bytes.length);
  if ('error' in alloc) return fail([...diagnostics, alloc.error]);
  const extents = encodeVolume({ layout, plans, alloc, upcase, label: options.label, epoch, serial: options.serial });
  const usedClusters = alloc.next - 2;
  const summary = volumeSummary({ layout, usedClusters, plans, label: options.label });
  return { value: { extents, sizeBytes: layout.volumeLength * SECTOR, clusterSize: layout.clusterSize, usedClusters, layout, summary }, diagnostics };
}

const fail = (diagnostics: Diagnostic[]): Result<undefined> => ({ value: undefined, diagnostics });

/** Numbers the boot sector stores as integers: a wrong PartitionOffset must not pass silently. */
function checkOptions(o: ExfatVolumeOptions): Diagnostic | undefined {
  const bad = (name: string, value: number, expected: string): Diagnostic =>
    diag('media/exfat-options', 'error', `exFAT ${name} ${value} is not ${expected}`, { expected, found: String(value) });
  if (!Number.isSafeInteger(o.hiddenSectors * 512) || !Number.isInteger(o.hiddenSectors) || o.hiddenSectors < 0) return bad('partition offset (hiddenSectors)', o.hiddenSectors, 'a sector number ≥ 0');
  if (!Number.isInteger(o.serial) || o.serial < 0 || o.serial > 0xffffffff) return bad('volume serial', o.serial, 'a 32-bit unsigned integer');
  if (!Number.isFinite(o.epoch)) return bad('epoch', o.epoch, 'a number of seconds');
  return undefined;
}

interface EncodeInput {
  readonly layout: ExfatLayout;
  readonly plans: readonly DirPlan[];
  readonly alloc: Allocation;
  readonly upcase: UpcaseTable;
  readonly label: string;
  /** already clamped to exFAT's range */
  readonly epoch: number;
  readonly serial: number;
}

function encodeVolume({ layout, plans, alloc, upcase, label, epoch, serial }: EncodeInput): Extent[] {
  const root = alloc.byPath.get('/');
  const region = encodeBootRegion({
    layout,
    rootCluster: root?.firstCluster ?? 0,
    serial,
    percentInUse: Math.floor((100 * (alloc.next - 2)) / layout.clusterCount),
  });
  const at = (cluster: number): number => clusterByteOffset(layout, cluster);
  const extents: Extent[] = [
    bytesExtent(0, region, 'exfat.boot-region'),
    bytesExtent(BOOT_REGION_SECTORS * SECTOR, region, 'exfat.boot-region-backup'),
    bytesExtent(layout.fatOffset * SECTOR, encodeFat(alloc.chains, SECTOR), 'exfat.fat'),
    bytesExtent(at(alloc.bitmap.firstCluster), encodeBitmap(layout.clusterCount, alloc.next, SECTOR), 'exfat.bitmap'),
    bytesExtent(at(alloc.upcase.firstCluster), upcase.bytes, 'exfat.upcase'),
  ];
  const systemEntries = encodeSystemEntries({
    label,
    bitmapCluster: alloc.bitmap.firstCluster,
    bitmapBytes: bitmapBytes(layout.clusterCount),
    upcaseCluster: alloc.upcase.firstCluster,
    upcaseBytes: upcase.bytes.length,
    upcaseChecksum: upcase.checksum,
  });
  const time = exfatTime(epoch);
  for (const p of plans) {
    const bytes = encodeDirectory(p, {
      clusterSize: layout.clusterSize,
      placement: (path) => alloc.byPath.get(path),
      time,
      upcase: upcase.map,
      ...(p.isRoot ? { systemEntries } : {}),
    });
    extents.push(bytesExtent(at(alloc.byPath.get(p.dir.path)?.firstCluster ?? 0), bytes, `exfat.dir ${p.dir.path}`));
    for (const c of p.children) {
      const where = c.kind === 'file' ? alloc.byPath.get(c.path) : undefined;
      if (c.kind === 'file' && where) extents.push(...fileDataExtents(at(where.firstCluster), c.file, c.path));
    }
  }
  return extents;
}
