// The PXE tree as a pure plan of files before anything is written: net/pxe-tree.ts says what goes
// where; this resolves every source through the ports (loaders found or built, site files
// checked, kernels located inside ISOs) into bytes or byte ranges to stream. `validate` stops
// here; `build` writes the plan (app/write-plan.ts).
import type { ByteRange } from '../binary/extent.js';
import { dedupeDiagnostics, diag, hasErrors, type Diagnostic, type Result } from '../diagnostics/diagnostic.js';
import { InternalError } from '../diagnostics/errors.js';
import { findIsoMember } from '../formats/iso9660/find-member.js';
import { pxeLoaderNeeds, type LoaderNeed } from '../media/loader-needs.js';
import type { LoaderSet } from '../media/loader-set.js';
import type { Site } from '../model/types.js';
import { planPxeTree, type PxeFile } from '../net/pxe-tree.js';
import type { Artifact, TemplateSet } from '../targets/types.js';
import { loaderStatuses, loadLoaderSet, missingLoaderDiagnostics } from './loaders.js';
import type { Ports } from './ports.js';
import { checkSiteFile, sitePathOf } from './site-files.js';

export type TreeSource = { readonly kind: 'bytes'; readonly bytes: Uint8Array } | { readonly kind: 'ranges'; readonly from: string; readonly ranges: readonly ByteRange[] };

/** One file of a planned tree, relative to the out dir. */
export interface TreeFile {
  readonly path: string;
  readonly source: TreeSource;
  readonly mode?: number;
}

export async function planPxeFiles(site: Site, configs: readonly Artifact[], templates: TemplateSet, ports: Ports): Promise<Result<readonly TreeFile[]>> {
  const plan = planPxeTree(site, configs, templates);
  const diagnostics: Diagnostic[] = [...plan.diagnostics];
  const needs = pxeLoaderNeeds();
  const statuses = loaderStatuses(needs, site, ports);
  diagnostics.push(...missingLoaderDiagnostics(statuses, site));
  const located = new Map<PxeFile, TreeSource>();
  for (const f of plan.value) {
    const r = await siteSource(site, f, ports);
    if ('diagnostics' in r) diagnostics.push(...r.diagnostics);
    else if (r.source) located.set(f, r.source);
  }
  if (hasErrors(diagnostics)) return { value: [], diagnostics: dedupeDiagnostics(diagnostics) };
  const loaders = loadLoaderSet(needs, statuses, ports);
  diagnostics.push(...loaders.diagnostics);
  if (hasErrors(diagnostics)) return { value: [], diagnostics };
  const files = plan.value.flatMap((f) => treeFiles(f, located.get(f), needs, loaders.value));
  return { value: files, diagnostics };
}

/** Site files and ISO members, checked now; other sources are resolved once loaders are loaded. */
async function siteSource(site: Site, f: PxeFile, ports: Ports): Promise<{ source?: TreeSource } | { diagnostics: Diagnostic[] }> {
  const src = f.source;
  if (src.kind === 'site-file') {
    const r = checkSiteFile(site, { sitePath: src.path, purpose: `${f.path} in the PXE tree`, origin: src.origin }, ports);
    return 'diagnostic' in r ? { diagnostics: [r.diagnostic] } : { source: { kind: 'ranges', from: r.path, ranges: [{ offset: 0, length: r.size }] } };
  }
  if (src.kind !== 'iso-member') return {};
  const checked = checkSiteFile(site, { sitePath: src.iso, purpose: `the ISO holding ${src.member} for ${f.path}`, origin: src.origin }, ports);
  if ('diagnostic' in checked) return { diagnostics: [checked.diagnostic] };
  const reader = ports.files.openReadAt(sitePathOf(site, src.iso));
  if (!reader) return { diagnostics: [diag('media/payload-missing', 'error', `${src.iso} cannot be opened`, { origin: src.origin ?? site.origin })] };
  try {
    const res = await findIsoMember(reader, src.member, { file: src.iso });
    if (!res.value) return { diagnostics: res.diagnostics.map((d) => ({ ...d, message: `${d.message} (needed for ${f.path})` })) };
    return { source: { kind: 'ranges', from: checked.path, ranges: res.value.extents } };
  } finally {
    reader.close();
  }
}

function treeFiles(f: PxeFile, located: TreeSource | undefined, needs: readonly LoaderNeed[], loaders: LoaderSet): TreeFile[] {
  const src = f.source;
  if (src.kind === 'content') {
    const bytes = typeof src.content === 'string' ? new TextEncoder().encode(src.content) : src.content;
    return [{ path: f.path, source: { kind: 'bytes', bytes }, ...(src.executable ? { mode: 0o755 } : {}) }];
  }
  if (src.kind !== 'loader') {
    if (!located) throw new InternalError(`${f.path}: its source was not resolved`);
    return [{ path: f.path, source: located }];
  }
  const need = needs.find((n) => n.key === src.key);
  if (need?.kind === 'dir') {
    const modules = loaders.modules.get('i386-pc') ?? [];
    return modules.map((m) => ({ path: `${f.path}/${m.path}`, source: m.source.kind === 'file' ? { kind: 'ranges', from: m.source.path, ranges: [{ offset: 0, length: m.size }] } : { kind: 'bytes', bytes: m.source.bytes } }));
  }
  const blob = loaders.blobs.get(src.key);
  if (!blob) throw new InternalError(`loader ${src.key} was not loaded`);
  return [{ path: f.path, source: { kind: 'bytes', bytes: blob } }];
}
