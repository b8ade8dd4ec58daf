// Cluster allocation: one contiguous run per allocation, in heap order bitmap → up-case table →
// directories (breadth-first, root first) → file data, so the root lands where mkfs puts it and
// every FAT chain sits at the start of the heap (ntfs-exfat.md §2.3, §2.4).
import { diag, type Diagnostic } from '../../diagnostics/index.js';
import { bitmapBytes } from './allocation-bitmap.js';
import { dirClusters, type DirPlan, type Placement } from './directory.js';
import type { Chain } from './fat-table.js';
import type { ExfatLayout } from './layout.js';

export interface Allocation {
  readonly bitmap: Placement;
  readonly upcase: Placement;
  /** directories and non-empty files by medium path */
  readonly byPath: ReadonlyMap<string, Placement>;
  /** FAT chains: bitmap, up-case table and every directory */
  readonly chains: readonly Chain[];
  /** first cluster not allocated */
  readonly next: number;
}

export function allocate(layout: ExfatLayout, plans: readonly DirPlan[], upcaseBytes: number): Allocation | { error: Diagnostic } {
  const cs = layout.clusterSize;
  let next = 2;
  const take = (clusters: number): Placement => {
    const p = { firstCluster: next, clusters };
    next += clusters;
    return p;
  };
  const bitmap = take(Math.ceil(bitmapBytes(layout.clusterCount) / cs));
  const upcase = take(Math.ceil(upcaseBytes / cs));
  const byPath = new Map<string, Placement>();
  for (const p of plans) byPath.set(p.dir.path, take(dirClusters(p, cs)));
  const chains = [bitmap, upcase, ...byPath.values()].map((p) => ({ first: p.firstCluster, count: p.clusters }));
  // GRUB rejects a FAT link ≥ ClusterCount (ntfs-exfat.md §2.4), so chained clusters stop below it
  if (next - 1 > layout.clusterCount - 1) return { error: full(layout, next - 2, 'the allocation bitmap, up-case table and directories') };
  for (const p of plans) {
    for (const c of p.children) {
      if (c.kind === 'file' && c.file.size > 0) byPath.set(c.path, take(Math.ceil(c.file.size / cs)));
    }
  }
  if (next - 2 > layout.clusterCount) return { error: full(layout, next - 2, 'the files') };
  return { bitmap, upcase, byPath, chains, next };
}

function full(layout: ExfatLayout, needed: number, what: string): Diagnostic {
  const cs = layout.clusterSize;
  return diag('media/exfat-full', 'error', `${what} need ${needed} clusters of ${cs} bytes; the exFAT volume has ${layout.clusterCount}`, {
    expected: `at most ${layout.clusterCount * cs} bytes of clusters`,
    found: `${needed * cs} bytes`,
    hint: 'make the volume larger',
  });
}
