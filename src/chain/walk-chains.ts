// Walks image chains from their tops to their bases: reads each header once (nodes are keyed by
// real path), resolves parents, runs the link checks, and stops on cycles (real path and
// device+inode, so `./a` cannot hide a loop), missing parents and the depth limit.
import { diag, type Diagnostic, type Origin, type Result } from '../diagnostics/diagnostic.js';
import { checkExtents } from './check-extents.js';
import { checkLink } from './check-link.js';
import { openImage } from './open-image.js';
import { combinePath } from './paths.js';
import { resolveParent } from './resolve-parent.js';
import type { ChainNode, ChainOptions, ChainReport, FileSource, FileStat } from './types.js';

export interface ChainTop {
  readonly path: string;
  readonly imageId?: string;
  /** where site.yaml names it, for findings about the file itself */
  readonly origin?: Origin;
}

export const DEFAULT_MAX_DEPTH = 256;

type Node = { -readonly [K in keyof ChainNode]: ChainNode[K] } & { stat: FileStat; linked: boolean };

export async function walkChains(tops: readonly ChainTop[], source: FileSource, options: ChainOptions = {}): Promise<Result<ChainReport>> {
  const w = new Walker(source, options);
  const topKeys: string[] = [];
  for (const top of tops) {
    const key = await w.walk(top);
    if (key !== undefined && !topKeys.includes(key)) topKeys.push(key);
  }
  const nodes = [...w.nodes.values()].map(({ stat: _s, linked: _l, ...n }) => n);
  return { value: { nodes, tops: topKeys, bytesRead: w.bytes }, diagnostics: w.diagnostics };
}

class Walker {
  readonly nodes = new Map<string, Node>();
  readonly diagnostics: Diagnostic[] = [];
  bytes = 0;
  constructor(
    readonly source: FileSource,
    readonly options: ChainOptions,
  ) {}

  async visit(path: string, imageId: string | undefined): Promise<Node | undefined> {
    const stat = await this.source.stat(path);
    const real = stat?.isFile ? await this.source.realpath(path) : undefined;
    if (!stat || real === undefined) return undefined;
    const known = this.nodes.get(real);
    if (known) {
      if (imageId !== undefined && known.imageId === undefined) known.imageId = imageId;
      return known;
    }
    const opened = await openImage(this.source, path, path);
    this.bytes += opened.bytesRead;
    this.diagnostics.push(...opened.diagnostics);
    const node: Node = { file: path, realpath: real, header: opened.header, fullBackingFilename: undefined, parent: undefined, imageId, bytesRead: opened.bytesRead, stat, linked: false };
    this.nodes.set(real, node);
    if (opened.header?.extents) this.diagnostics.push(...(await checkExtents(node, opened.header, this.source)));
    return node;
  }

  async walk(top: ChainTop): Promise<string | undefined> {
    let node = await this.visit(top.path, top.imageId);
    const stat = node ? undefined : await this.source.stat(top.path);
    if (stat && !stat.isFile) {
      // a FIFO, socket, device or directory is never opened (a FIFO would block): said as such, not "not found"
      const kind = stat.kind ?? 'not a regular file';
      const what = top.imageId === undefined ? `${top.path} is not a regular file (${kind})` : `image ${top.imageId}: ${top.path} is not a regular file (${kind})`;
      this.diagnostics.push(diag('chain/image-not-a-file', 'error', what, { origin: top.origin ?? { file: top.path }, expected: 'a regular file', found: kind }));
      return undefined;
    }
    if (!node) {
      const what = top.imageId === undefined ? 'image file not found' : `image ${top.imageId}: file ${top.path} not found`;
      this.diagnostics.push(diag('chain/image-missing', 'error', what, {
        origin: top.origin ?? { file: top.path },
        ...(top.imageId === undefined ? {} : { hint: 'create it with `bootgen image create`, or fix its path' }),
      }));
      return undefined;
    }
    const topKey = node.realpath;
    const seen = new Set<string>([devIno(node.stat)]);
    const maxDepth = this.options.maxDepth ?? DEFAULT_MAX_DEPTH;
    for (let depth = 1; ; depth++) {
      if (node.linked) return this.followKnown(node, seen, depth, top.path) ?? topKey;
      node.linked = true;
      const ref = node.header?.parent;
      if (!node.header || !ref) return topKey;
      node.fullBackingFilename = ref.byIdentity ? undefined : combinePath(node.file, ref.candidates[0]?.path ?? ref.name);
      if (depth > maxDepth) {
        this.diagnostics.push(diag('chain/too-deep', 'error', `chain from ${top.path} is deeper than ${maxDepth} images`, { origin: { file: node.file }, expected: `≤ ${maxDepth}` }));
        return topKey;
      }
      const parent = await this.linkParent(node);
      if (!parent) return topKey;
      if (seen.has(devIno(parent.stat))) {
        this.reportCycle(node, parent);
        return topKey;
      }
      seen.add(devIno(parent.stat));
      node = parent;
    }
  }

  private async linkParent(node: Node): Promise<Node | undefined> {
    const header = node.header;
    const ref = header?.parent;
    if (!header || !ref) return undefined;
    const resolved = await resolveParent(node.file, header.format, ref, this.source, this.options.searchDirs ?? []);
    const parent = resolved.path !== undefined ? await this.visit(resolved.path, undefined) : undefined;
    if (!parent) {
      const why = ref.candidates.length === 0 && !ref.byIdentity ? `backing file "${ref.name}" is not a local path` : `parent "${ref.name}" not found`;
      this.diagnostics.push(diag('chain/parent-missing', 'error', why, { origin: { file: node.file }, expected: ref.byIdentity ? `an image with uuidCreate ${ref.identity.join(' or ')}` : 'one of the recorded parent paths', found: `tried ${resolved.tried.join(', ') || 'nothing'}` }));
      return undefined;
    }
    node.parent = parent.realpath;
    if (parent.header && parent.realpath !== node.realpath) {
      this.diagnostics.push(...checkLink({ file: node.file, header, stat: node.stat }, { file: parent.file, header: parent.header, stat: parent.stat }, { mtimeSlack: this.options.mtimeSlack ?? 2 }));
    }
    return parent;
  }

  private reportCycle(node: Node, parent: Node): void {
    this.diagnostics.push(diag('chain/cycle', 'error', `backing chain loops: ${node.file} → ${parent.file}, which is already in the chain`, { origin: { file: node.file }, found: `${parent.realpath} (device ${parent.stat.dev}, inode ${parent.stat.ino})`, hint: 'QEMU hangs on such a chain (qemu-img check, qemu-io -r)' }));
  }

  /** A node walked from an earlier top: follow its known parents for cycles and depth only. */
  private followKnown(node: Node, seen: Set<string>, depth: number, top: string): string | undefined {
    let cur: Node | undefined = node;
    const maxDepth = this.options.maxDepth ?? DEFAULT_MAX_DEPTH;
    for (let d = depth; cur?.parent !== undefined; d++) {
      const next = this.nodes.get(cur.parent);
      if (!next || seen.has(devIno(next.stat))) return undefined;
      seen.add(devIno(next.stat));
      if (d + 1 > maxDepth) {
        this.diagnostics.push(diag('chain/too-deep', 'error', `chain from ${top} is deeper than ${maxDepth} images`, { origin: { file: top }, expected: `≤ ${maxDepth}` }));
        return undefined;
      }
      cur = next;
    }
    return undefined;
  }
}

const devIno = (s: FileStat): string => `${s.dev}:${s.ino}`;
