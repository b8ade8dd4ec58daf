// A whole FAT12/16/32 volume as extents: boot sectors, both FATs, directories (bytes) and file
// data (references streamed by io/). Contiguous allocation, directories first in breadth-first
// order, FAT32 root at cluster 2 (boot-media.md §9.1).
import { bytesExtent, fileExtent, type Extent, type VolumeFile } from '../../binary/extent.js';
import { buildFileTree, dirsBreadthFirst } from '../../binary/file-tree.js';
import { diag, hasErrors, type Diagnostic, type Result } from '../../diagnostics/index.js';
import { encodeBootSector, encodeFsInfo } from './boot-sector.js';
import { encodeDirectory, planDirectory, type DirPlan } from './directory.js';
import { encodeFat, type Chain } from './fat-table.js';
import { clusterOffset, planFatLayout, type FatLayout, type FatType } from './layout.js';

export interface FatVolumeOptions {
  readonly sizeBytes: number;
  readonly type?: FatType;
  /** LBA of the volume on its disk (BPB_HiddSec); 0 for a superfloppy or El Torito image */
  readonly hiddenSectors?: number;
  readonly volumeId: number;
  /** volume label: ≤ 11 characters of A–Z 0–9 and FAT's specials; '' for none */
  readonly label: string;
  /** seconds since the Unix epoch for every timestamp */
  readonly epoch: number;
  /** directories to create even when empty */
  readonly dirs?: readonly string[];
}

export interface FatVolume {
  readonly layout: FatLayout;
  /** extents relative to the start of the volume */
  readonly extents: readonly Extent[];
  readonly sizeBytes: number;
  readonly usedClusters: number;
}

const MAX_FILE = 0xffffffff;

export function buildFatVolume(files: readonly VolumeFile[], options: FatVolumeOptions): Result<FatVolume | undefined> {
  const diagnostics: Diagnostic[] = [];
  const layoutOpts = { ...(options.type ? { type: options.type } : {}), hiddenSectors: options.hiddenSectors ?? 0 };
  const layout = planFatLayout(options.sizeBytes, layoutOpts);
  if (!layout) {
    const what = options.type ? `FAT${options.type}` : 'FAT';
    return fail([diag('media/fat-size', 'error', `no ${what} volume fits in ${options.sizeBytes} bytes`, { hint: 'choose another size' })]);
  }
  const labelProblem = checkLabel(options.label);
  if (labelProblem) diagnostics.push(labelProblem);
  for (const f of files) {
    if (f.size > MAX_FILE) {
      diagnostics.push(
        diag('media/fat-file-too-large', 'error', `${f.path} is ${f.size} bytes; FAT holds files up to 4 GiB − 1 (${MAX_FILE} bytes)`, {
          origin: { file: f.path },
          hint: 'split the file, or put it on the ISO (which supports large files)',
        }),
      );
    }
  }
  const { root, problems } = buildFileTree(files, options.dirs ?? []);
  for (const p of problems) diagnostics.push(diag('media/fat-path', 'error', `${p.path} ${p.message}`, { origin: { file: p.path } }));
  const plans: DirPlan[] = [];
  for (const dir of dirsBreadthFirst(root)) {
    const r = planDirectory(dir, dir === root, options.label !== '');
    plans.push(r.plan);
    diagnostics.push(...r.diagnostics);
  }
  if (hasErrors(diagnostics)) return fail(diagnostics);
  const alloc = allocate(layout, plans);
  if ('error' in alloc) return fail([...diagnostics, alloc.error]);
  const extents = encodeVolume(layout, plans, alloc, options);
  return { value: { layout, extents, sizeBytes: layout.totalSectors * 512, usedClusters: alloc.next - 2 }, diagnostics };
}

const fail = (diagnostics: Diagnostic[]): Result<undefined> => ({ value: undefined, diagnostics });

function checkLabel(label: string): Diagnostic | undefined {
  if (/^[A-Z0-9 !#$%&'()\-@^_`{}~]{0,11}$/.test(label) && !label.startsWith(' ')) return undefined;
  return diag('media/fat-bad-label', 'error', `volume label ${JSON.stringify(label)} is not a valid FAT label`, {
    expected: 'at most 11 characters of A-Z 0-9 and !#$%&\'()-@^_`{}~, not starting with a space',
  });
}

interface Allocation {
  readonly chains: Map<string, Chain>;
  readonly next: number;
}

function allocate(layout: FatLayout, plans: readonly DirPlan[]): Allocation | { error: Diagnostic } {
  const clusterBytes = layout.sectorsPerCluster * 512;
  const chains = new Map<string, Chain>();
  let next = 2;
  const take = (path: string, bytes: number): void => {
    const count = Math.max(1, Math.ceil(bytes / clusterBytes));
    chains.set(path, { first: next, count });
    next += count;
  };
  for (const p of plans) {
    if (p.isRoot && layout.type !== 32) {
      if (p.bytes > layout.rootEntries * 32) {
        return { error: diag('media/fat-root-full', 'error', `the root directory needs ${p.bytes / 32} slots; FAT${layout.type} has ${layout.rootEntries}`, { hint: 'move files into a subdirectory' }) };
      }
      continue;
    }
    take(p.dir.path, p.bytes);
  }
  for (const p of plans) {
    for (const s of p.slots) if (s.node.kind === 'file' && s.node.file.size > 0) take(s.node.path, s.node.file.size);
  }
  if (next - 2 > layout.clusterCount) {
    const need = (next - 2) * clusterBytes;
    const have = layout.clusterCount * clusterBytes;
    return {
      error: diag('media/fat-full', 'error', `the files need ${need} bytes of clusters; the FAT${layout.type} volume of ${layout.totalSectors * 512} bytes has ${have}`, {
        hint: 'make the medium larger',
      }),
    };
  }
  return { chains, next };
}

function encodeVolume(layout: FatLayout, plans: readonly DirPlan[], alloc: Allocation, o: FatVolumeOptions): Extent[] {
  const extents: Extent[] = [];
  const boot = encodeBootSector(layout, { volumeId: o.volumeId, label: o.label });
  extents.push(bytesExtent(0, boot, 'fat.boot'));
  if (layout.type === 32) {
    const free = layout.clusterCount - (alloc.next - 2);
    const info = encodeFsInfo(free, alloc.next <= layout.clusterCount + 1 ? alloc.next : 0xffffffff);
    extents.push(bytesExtent(512, info, 'fat.fsinfo'), bytesExtent(6 * 512, boot, 'fat.boot-backup'), bytesExtent(7 * 512, info, 'fat.fsinfo-backup'));
  }
  const fat = encodeFat(layout.type, layout.media, [...alloc.chains.values()], alloc.next - 1);
  for (let i = 0; i < layout.numFats; i++) {
    extents.push(bytesExtent((layout.reservedSectors + i * layout.fatSectors) * 512, fat, `fat.fat${i + 1}`));
  }
  const cluster = (path: string): number => alloc.chains.get(path)?.first ?? 0;
  for (const p of plans) {
    const parent = p.dir.path.slice(0, p.dir.path.lastIndexOf('/')) || '/';
    const bytes = encodeDirectory(p, {
      firstCluster: cluster,
      selfCluster: cluster(p.dir.path),
      // ".." of a child of the root is 0, on FAT32 too (fatgen103 §6.7)
      parentCluster: parent === '/' ? 0 : cluster(parent),
      label: o.label,
      epoch: o.epoch,
    });
    const at = p.isRoot && layout.type !== 32 ? (layout.reservedSectors + 2 * layout.fatSectors) * 512 : clusterOffset(layout, cluster(p.dir.path));
    extents.push(bytesExtent(at, bytes, `fat.dir ${p.dir.path}`));
    for (const s of p.slots) {
      if (s.node.kind !== 'file' || s.node.file.size === 0) continue;
      extents.push(fileExtent(clusterOffset(layout, cluster(s.node.path)), s.node.file, s.node.path));
    }
  }
  return extents;
}
