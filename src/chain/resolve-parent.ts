// Where a child's parent is (issue 3 "Chain resolution"): VHD tries W2ru, W2ku, MacX, the Parent
// Unicode Name beside the child, then the search dirs (parent_dir, site image dirs); VHDX its
// locator keys in spec order; VMDK parentFileNameHint; qcow2 its backing file relative to the
// child's directory; VDI stores no path, so candidate dirs are scanned for uuidCreate == uuidLinkage.
import type { ImageFormat, ParentRef } from '../formats/image-header.js';
import { readVdi } from '../formats/vdi/read-vdi.js';
import { VDI_SIGNATURE } from '../formats/vdi/structs.js';
import { baseOf, combinePath, dirOf, joinPath } from './paths.js';
import type { FileSource } from './types.js';

export interface ResolvedParent {
  /** the path that exists, spelled from the child's path */
  readonly path: string | undefined;
  readonly tried: readonly string[];
}

/** Directory scans stop after this many entries per directory (hostile trees). */
const MAX_SCAN = 2000;

export async function resolveParent(
  childFile: string,
  childFormat: ImageFormat,
  ref: ParentRef,
  source: FileSource,
  searchDirs: readonly string[],
): Promise<ResolvedParent> {
  if (ref.byIdentity) return findByIdentity(childFile, ref, source, searchDirs);
  const tried: string[] = [];
  const paths = ref.candidates.map((c) => (c.relative ? combinePath(childFile, c.path) : c.path));
  if (childFormat === 'vhd') {
    const names = [...new Set(ref.candidates.map((c) => baseOf(c.path)))];
    for (const dir of searchDirs) for (const n of names) paths.push(joinPath(dir, n));
  }
  for (const p of paths) {
    if (tried.includes(p)) continue;
    tried.push(p);
    const st = await source.stat(p);
    if (st?.isFile) return { path: p, tried };
  }
  return { path: undefined, tried };
}

async function findByIdentity(childFile: string, ref: ParentRef, source: FileSource, searchDirs: readonly string[]): Promise<ResolvedParent> {
  const dirs = [...new Set([dirOf(childFile), joinPath(dirOf(childFile), 'Snapshots'), ...searchDirs])];
  const want = new Set(ref.identity);
  const tried: string[] = [];
  for (const dir of dirs) {
    tried.push(`${dir}/*`);
    const names = (await source.list(dir)).slice(0, MAX_SCAN);
    for (const name of [...names].sort()) {
      const p = joinPath(dir, name);
      if (p === childFile || !(await isVdiWithId(source, p, want))) continue;
      return { path: dir === '.' && !childFile.startsWith('./') ? name : p, tried };
    }
  }
  return { path: undefined, tried };
}

async function isVdiWithId(source: FileSource, path: string, want: ReadonlySet<string>): Promise<boolean> {
  const st = await source.stat(path);
  if (!st?.isFile || st.size < 512) return false;
  const file = await source.open(path).catch(() => undefined);
  if (!file) return false;
  try {
    const sig = await file.read(64, 4);
    if (sig.length < 4 || new DataView(sig.buffer, sig.byteOffset).getUint32(0, true) !== VDI_SIGNATURE) return false;
    const id = (await readVdi(file, path)).value?.identity?.value;
    return id !== undefined && want.has(id);
  } finally {
    await file.close();
  }
}
