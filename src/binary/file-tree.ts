// A directory tree built from a flat list of medium paths, shared by the FAT and ISO9660 writers.
// Children are sorted by name (UTF-16 code units) so every layout is deterministic.
import type { VolumeFile } from './extent.js';

export interface TreeDir {
  readonly kind: 'dir';
  readonly name: string;
  /** absolute medium path ('/' for the root) */
  readonly path: string;
  readonly children: TreeNode[];
}

export interface TreeFile {
  readonly kind: 'file';
  readonly name: string;
  readonly path: string;
  readonly file: VolumeFile;
}

export type TreeNode = TreeDir | TreeFile;

/** Problems the caller turns into diagnostics (format-specific codes). */
export interface TreeProblem {
  readonly path: string;
  readonly message: string;
}

/** Builds the tree; `dirs` adds directories that hold no files. */
export function buildFileTree(files: readonly VolumeFile[], dirs: readonly string[] = []): { root: TreeDir; problems: TreeProblem[] } {
  const root: TreeDir = { kind: 'dir', name: '', path: '/', children: [] };
  const problems: TreeProblem[] = [];
  const byPath = new Map<string, TreeNode>([['/', root]]);
  const dirAt = (parts: readonly string[]): TreeDir | undefined => {
    let cur: TreeDir = root;
    for (const [i, name] of parts.entries()) {
      const path = `/${parts.slice(0, i + 1).join('/')}`;
      const found = byPath.get(path);
      if (found?.kind === 'file') {
        problems.push({ path, message: 'is a file but is also used as a directory' });
        return undefined;
      }
      const next: TreeDir = found ?? { kind: 'dir', name, path, children: [] };
      if (!found) {
        cur.children.push(next);
        byPath.set(path, next);
      }
      cur = next;
    }
    return cur;
  };
  for (const d of dirs) dirAt(splitPath(d));
  for (const file of files) {
    const parts = splitPath(file.path);
    const name = parts.pop();
    if (name === undefined) {
      problems.push({ path: file.path, message: 'is not a file path' });
      continue;
    }
    const parent = dirAt(parts);
    if (!parent) continue;
    const path = `${parent.path === '/' ? '' : parent.path}/${name}`;
    if (byPath.has(path)) {
      problems.push({ path, message: 'is given twice' });
      continue;
    }
    const node: TreeFile = { kind: 'file', name, path, file };
    parent.children.push(node);
    byPath.set(path, node);
  }
  sortTree(root);
  return { root, problems };
}

function splitPath(p: string): string[] {
  return p.split('/').filter((s) => s !== '' && s !== '.');
}

function sortTree(dir: TreeDir): void {
  dir.children.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const c of dir.children) if (c.kind === 'dir') sortTree(c);
}

/** Directories in breadth-first order, root first. */
export function dirsBreadthFirst(root: TreeDir): TreeDir[] {
  const out: TreeDir[] = [root];
  for (let i = 0; i < out.length; i++) {
    for (const c of out[i]?.children ?? []) if (c.kind === 'dir') out.push(c);
  }
  return out;
}
