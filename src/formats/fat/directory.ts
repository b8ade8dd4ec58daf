// One FAT directory: its children's short names and slot counts (planned before clusters are
// known), then its bytes once every child has a first cluster (fatgen103 §6, boot-media.md §1.6).
import { diag, type Diagnostic } from '../../diagnostics/index.js';
import type { TreeDir, TreeNode } from '../../binary/file-tree.js';
import { Attr, DirEntry, encodeLfn, fatTimestamp, slotsFor } from './dir-entry.js';
import { invalidLongName, makeShortName } from './short-name.js';

export interface DirSlot {
  readonly node: TreeNode;
  readonly raw11: string;
  readonly needsLfn: boolean;
}

export interface DirPlan {
  readonly dir: TreeDir;
  readonly isRoot: boolean;
  readonly slots: readonly DirSlot[];
  /** bytes the entries take: dot entries, label, LFN + short entries */
  readonly bytes: number;
}

/** Short names for a directory's children; bad names become diagnostics naming the path. */
export function planDirectory(dir: TreeDir, isRoot: boolean, hasLabel: boolean): { plan: DirPlan; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const taken = new Set<string>();
  const seen = new Map<string, string>();
  const slots: DirSlot[] = [];
  let count = isRoot ? (hasLabel ? 1 : 0) : 2;
  for (const node of dir.children) {
    const bad = invalidLongName(node.name);
    if (bad) {
      diagnostics.push(diag('media/fat-bad-name', 'error', `${node.path}: the name ${bad}`, { origin: { file: node.path } }));
      continue;
    }
    // FAT compares names without case: two children differing only in case collide.
    const folded = node.name.toUpperCase();
    const other = seen.get(folded);
    if (other !== undefined) {
      diagnostics.push(
        diag('media/fat-duplicate-name', 'error', `${node.path} and ${other} differ only in case; FAT cannot hold both`, {
          origin: { file: node.path },
        }),
      );
      continue;
    }
    seen.set(folded, node.path);
    const short = makeShortName(node.name, taken);
    slots.push({ node, raw11: short.raw, needsLfn: short.needsLfn });
    count += slotsFor(node.name, short.needsLfn);
  }
  return { plan: { dir, isRoot, slots, bytes: count * 32 }, diagnostics };
}

export interface EncodeDirContext {
  /** first cluster of a directory or file by medium path (0 for empty files / the FAT12/16 root) */
  readonly firstCluster: (path: string) => number;
  readonly parentCluster: number;
  readonly selfCluster: number;
  readonly label: string;
  readonly epoch: number;
}

export function encodeDirectory(plan: DirPlan, ctx: EncodeDirContext): Uint8Array {
  const out = new Uint8Array(plan.bytes);
  const ts = fatTimestamp(ctx.epoch);
  const stamp = { crtTimeTenth: 0, crtTime: ts.time, crtDate: ts.date, lstAccDate: ts.date, wrtTime: ts.time, wrtDate: ts.date };
  const entry = (name: string, attr: number, cluster: number, size: number) => ({
    ...stamp,
    name,
    attr,
    ntRes: 0,
    fstClusHi: cluster >>> 16,
    fstClusLo: cluster & 0xffff,
    fileSize: size,
  });
  let pos = 0;
  if (!plan.isRoot) {
    DirEntry.encodeInto(out, 0, entry('.', Attr.directory, ctx.selfCluster, 0));
    DirEntry.encodeInto(out, 32, entry('..', Attr.directory, ctx.parentCluster, 0));
    pos = 64;
  } else if (ctx.label !== '') {
    DirEntry.encodeInto(out, 0, entry(ctx.label, Attr.volumeId, 0, 0));
    pos = 32;
  }
  for (const s of plan.slots) {
    if (s.needsLfn) pos = encodeLfn(out, pos, s.node.name, s.raw11);
    const isDir = s.node.kind === 'dir';
    const size = s.node.kind === 'file' ? s.node.file.size : 0;
    DirEntry.encodeInto(out, pos, entry(s.raw11, isDir ? Attr.directory : Attr.archive, ctx.firstCluster(s.node.path), size));
    pos += 32;
  }
  return out;
}
