// One exFAT directory: its children checked and counted in 32-byte entries before clusters are
// known, then its bytes once every child has clusters (exFAT spec §6, ntfs-exfat.md §2.8).
import type { TreeDir, TreeNode } from '../../binary/file-tree.js';
import { diag, type Diagnostic } from '../../diagnostics/index.js';
import { ENTRY_SIZE, FileAttr } from './dir-entry.js';
import { encodeEntrySet, entriesFor } from './entry-set.js';
import { nameProblem } from './names.js';
import type { ExfatTime } from './timestamp.js';
import { upcaseName } from './upcase-table.js';

/** The root also holds the volume label, allocation bitmap and up-case table entries (§7.1–7.3). */
export const ROOT_SYSTEM_ENTRIES = 3;
/** §6: a directory holds at most 256 MiB of entries (fsck.exfat: MAX_EXFAT_DENTRIES) */
export const MAX_DIR_BYTES = 256 * 1024 * 1024;

export interface DirPlan {
  readonly dir: TreeDir;
  readonly isRoot: boolean;
  /** children that passed the name checks, in the tree's (sorted) order */
  readonly children: readonly TreeNode[];
  /** 32-byte entries, system entries included */
  readonly entries: number;
}

/** Checks every child name and counts entries; problems become diagnostics naming the path. */
export function planDirectory(dir: TreeDir, isRoot: boolean, upcase: Uint16Array): { plan: DirPlan; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const seen = new Map<string, string>();
  const children: TreeNode[] = [];
  let entries = isRoot ? ROOT_SYSTEM_ENTRIES : 0;
  for (const node of dir.children) {
    const bad = nameProblem(node.name);
    if (bad) {
      const code = bad.kind === 'too-long' ? 'media/exfat-name-too-long' : 'media/exfat-bad-name';
      diagnostics.push(diag(code, 'error', `${node.path}: the name ${bad.message}`, { origin: { file: node.path } }));
      continue;
    }
    // exFAT compares names through the volume's up-case table (§7.2.5): these two would collide
    const folded = upcaseName(node.name, upcase);
    const other = seen.get(folded);
    if (other !== undefined) {
      diagnostics.push(
        diag('media/exfat-name-collision', 'error', `${node.path} and ${other} are the same name to exFAT (it compares names up-cased)`, {
          origin: { file: node.path },
          hint: 'rename one of them',
        }),
      );
      continue;
    }
    seen.set(folded, node.path);
    children.push(node);
    entries += entriesFor(node.name);
  }
  if (entries * ENTRY_SIZE > MAX_DIR_BYTES) {
    diagnostics.push(
      diag('media/exfat-dir-too-large', 'error', `${dir.path} needs ${entries * ENTRY_SIZE} bytes of entries; an exFAT directory holds at most ${MAX_DIR_BYTES}`, {
        origin: { file: dir.path },
        hint: 'spread the files over subdirectories',
      }),
    );
  }
  return { plan: { dir, isRoot, children, entries }, diagnostics };
}

/** Clusters a directory takes: DataLength must be a whole, non-zero number of clusters (ntfs-exfat.md §2.8). */
export const dirClusters = (plan: DirPlan, clusterSize: number): number => Math.max(1, Math.ceil((plan.entries * ENTRY_SIZE) / clusterSize));

export interface Placement {
  readonly firstCluster: number;
  readonly clusters: number;
}

export interface EncodeDirContext {
  readonly clusterSize: number;
  /** where a child's data is; undefined for an empty file */
  readonly placement: (path: string) => Placement | undefined;
  readonly time: ExfatTime;
  readonly upcase: Uint16Array;
  /** the root's label, bitmap and up-case entries, already encoded */
  readonly systemEntries?: Uint8Array;
}

/**
 * The directory's whole allocation: sets in order, then zeros, so the first unused entry is the
 * 0x00 end-of-directory marker every reader stops at (§6.2.1).
 */
export function encodeDirectory(plan: DirPlan, ctx: EncodeDirContext): Uint8Array {
  const out = new Uint8Array(dirClusters(plan, ctx.clusterSize) * ctx.clusterSize);
  let pos = 0;
  if (ctx.systemEntries) {
    out.set(ctx.systemEntries, 0);
    pos = ctx.systemEntries.length;
  }
  const up = (u: number): number => ctx.upcase[u] ?? u;
  for (const node of plan.children) {
    const where = ctx.placement(node.path);
    const isDir = node.kind === 'dir';
    const set = encodeEntrySet(
      {
        name: node.name,
        attributes: isDir ? FileAttr.directory : FileAttr.archive,
        firstCluster: where?.firstCluster ?? 0,
        // a directory's size is its whole allocation, VDL = DataLength (§7.6.5, §7.6.7)
        dataLength: isDir ? (where?.clusters ?? 1) * ctx.clusterSize : node.file.size,
        // directories keep FAT chains (they may span clusters and drivers grow them); file data is contiguous
        noFatChain: !isDir,
        time: ctx.time,
      },
      up,
    );
    out.set(set, pos);
    pos += set.length;
  }
  return out;
}
