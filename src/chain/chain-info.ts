// `bootgen chain --json`: one object per image from top to base, with the keys and meaning of
// `qemu-img info --backing-chain --output=json` (image-formats.md §9.2) plus identities.
import type { ChainNode, ChainReport } from './types.js';

export interface ChainInfo {
  readonly filename: string;
  readonly format: string;
  readonly 'virtual-size': number;
  readonly 'cluster-size'?: number;
  readonly 'dirty-flag': boolean;
  readonly identity?: { readonly kind: string; readonly value: string; readonly modify?: string };
  readonly 'backing-filename'?: string;
  readonly 'full-backing-filename'?: string;
  readonly 'backing-filename-format'?: string;
  readonly 'parent-identity'?: readonly string[];
  readonly 'format-specific'?: { readonly type: string; readonly data: Readonly<Record<string, string | number | boolean>> };
}

/** The chain below `top` (a realpath in report.tops), top first; stops at a cycle. */
export function chainNodes(report: ChainReport, top: string): ChainNode[] {
  const byKey = new Map(report.nodes.map((n) => [n.realpath, n]));
  const out: ChainNode[] = [];
  const seen = new Set<string>();
  for (let n = byKey.get(top); n && !seen.has(n.realpath); n = n.parent !== undefined ? byKey.get(n.parent) : undefined) {
    seen.add(n.realpath);
    out.push(n);
  }
  return out;
}

export function chainInfo(report: ChainReport, top: string): ChainInfo[] {
  const nodes = chainNodes(report, top);
  return nodes.map((n, i) => infoOf(n, i === 0 ? n.file : (nodes[i - 1]?.fullBackingFilename ?? n.file)));
}

function infoOf(n: ChainNode, filename: string): ChainInfo {
  const h = n.header;
  if (!h) return { filename, format: 'unknown', 'virtual-size': 0, 'dirty-flag': false };
  const ref = h.parent;
  const specific = formatSpecific(h.format, h.extra);
  return {
    filename,
    format: h.format,
    'virtual-size': h.virtualSize,
    ...(h.clusterSize !== undefined ? { 'cluster-size': h.clusterSize } : {}),
    'dirty-flag': h.dirty,
    ...(h.identity ? { identity: h.identity } : {}),
    ...(ref ? { 'backing-filename': ref.name } : {}),
    ...(n.fullBackingFilename !== undefined ? { 'full-backing-filename': n.fullBackingFilename } : {}),
    ...(ref?.format !== undefined ? { 'backing-filename-format': ref.format } : {}),
    ...(ref && ref.identity.length > 0 ? { 'parent-identity': ref.identity } : {}),
    ...(specific ? { 'format-specific': specific } : {}),
  };
}

const SPECIFIC: Record<string, readonly string[]> = {
  qcow2: ['compat', 'compression-type', 'lazy-refcounts', 'refcount-bits', 'corrupt', 'extended-l2', 'data-file'],
  vmdk: ['cid', 'parent-cid', 'create-type'],
};

function formatSpecific(format: string, extra: Readonly<Record<string, string | number | boolean>>) {
  const keys = SPECIFIC[format];
  if (!keys) return undefined;
  const data: Record<string, string | number | boolean> = {};
  for (const k of keys) if (extra[k] !== undefined) data[k] = extra[k];
  return { type: format, data };
}
