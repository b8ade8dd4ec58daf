// VMDK descriptor extents (image-formats.md §3.2): every extent file exists, relative to the
// descriptor's directory, and a descriptor file does not name itself as an extent.
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { ImageHeader } from '../formats/image-header.js';
import { combinePath } from './paths.js';
import type { FileSource } from './types.js';

const EMBEDDED = new Set(['monolithicSparse', 'streamOptimized']);

export async function checkExtents(node: { file: string; realpath: string }, header: ImageHeader, source: FileSource): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  if (EMBEDDED.has(header.subformat)) return out;
  for (const e of (header.extents ?? []).slice(0, 64)) {
    if (e.file === undefined) continue;
    const path = combinePath(node.file, e.file);
    const real = await source.realpath(path);
    if (real === undefined) {
      out.push(diag('chain/extent-missing', 'error', `VMDK extent file "${e.file}" not found`, { origin: { file: node.file, field: 'vmdk.descriptor.extent' }, found: path }));
    } else if (real === node.realpath) {
      out.push(diag('format/vmdk-self-extent', 'error', 'VMDK descriptor names itself as an extent', { origin: { file: node.file, field: 'vmdk.descriptor.extent' }, found: e.file }));
    }
  }
  return out;
}
