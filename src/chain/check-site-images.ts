// Every image of a site, checked as chains (issue 3): each image's header chain, agreement with
// the manifest's `parent:`, parents booted writable, and what the site's targets cannot boot.
import type { Diagnostic, Origin, Result } from '../diagnostics/diagnostic.js';
import type { Site } from '../model/types.js';
import { checkSiteTargets } from './check-site-targets.js';
import { diag } from '../diagnostics/diagnostic.js';
import { dirOf, joinPath } from './paths.js';
import type { ChainOptions, ChainReport, FileSource } from './types.js';
import { walkChains } from './walk-chains.js';

export async function checkSiteImages(site: Site, source: FileSource, options: ChainOptions = {}): Promise<Result<ChainReport>> {
  const pathOf = (p: string): string => joinPath(site.dir, p);
  // a missing file or one that is not a file is reported at the key that names its path
  const tops = site.images.map((i) => ({ path: pathOf(i.path), imageId: i.id, origin: keyOf(site, i.path) ?? i.origin }));
  const parentDirs = site.entries.flatMap((e) => (e.boot.kind === 'disk' && e.boot.parentDir !== undefined ? [pathOf(e.boot.parentDir.replace(/^\/+/, ''))] : []));
  const imageDirs = [...new Set(tops.map((t) => dirOf(t.path)))];
  const walked = await walkChains(tops, source, { ...options, searchDirs: [...(options.searchDirs ?? []), ...parentDirs, ...imageDirs] });
  const report = walked.value;
  const byId = new Map(report.nodes.filter((n) => n.imageId !== undefined).map((n) => [n.imageId ?? '', n]));
  return {
    value: report,
    diagnostics: [...walked.diagnostics, ...checkManifestParents(site, report, byId), ...checkWritableParents(site, report), ...checkSiteTargets(site, report)],
  };
}

type ById = ReadonlyMap<string, ChainReport['nodes'][number]>;

/** `parent:` in site.yaml must name the image the header resolves to (and vice versa). */
function checkManifestParents(site: Site, report: ChainReport, byId: ById): Diagnostic[] {
  const out: Diagnostic[] = [];
  const idOf = (realpath: string | undefined): string | undefined => report.nodes.find((n) => n.realpath === realpath)?.imageId;
  for (const image of site.images) {
    const node = byId.get(image.id);
    if (!node?.header) continue;
    const headerParent = node.parent;
    if (image.parent !== undefined) {
      const declared = byId.get(image.parent);
      if (declared && declared.realpath !== headerParent) {
        const found = headerParent === undefined ? (node.header.parent ? 'a parent that was not found' : 'no parent (a base image)') : (idOf(headerParent) ?? headerParent);
        out.push(diag('chain/manifest-parent-mismatch', 'error', `image ${image.id}: site.yaml says its parent is ${image.parent}, the header says otherwise`, { origin: image.origin, expected: `${image.parent} (${declared.file})`, found }));
      }
    } else if (headerParent !== undefined && idOf(headerParent) !== undefined) {
      out.push(diag('chain/manifest-parent-undeclared', 'warning', `image ${image.id} is a child of ${idOf(headerParent)}; say so with \`parent: ${idOf(headerParent)}\``, { origin: image.origin }));
    }
  }
  return out;
}

/** A parent written by a persistent session corrupts every child made from it. */
function checkWritableParents(site: Site, report: ChainReport): Diagnostic[] {
  const parents = new Set(report.nodes.flatMap((n) => (n.parent !== undefined ? [n.parent] : [])));
  const out: Diagnostic[] = [];
  for (const entry of site.entries) {
    const boot = entry.boot;
    if (boot.kind !== 'disk' || boot.session !== 'persistent') continue;
    const node = report.nodes.find((n) => n.imageId === boot.disk);
    if (!node || !parents.has(node.realpath)) continue;
    const children = report.nodes.filter((n) => n.parent === node.realpath).map((n) => n.imageId ?? n.file);
    out.push(diag('chain/parent-booted-writable', 'error', `entry ${entry.id} boots ${boot.disk} writable, but ${children.join(', ')} ${children.length > 1 ? 'are children' : 'is a child'} of it`, { origin: entry.origin, hint: 'boot it with `session: immutable` or `snapshot`, or boot a new child instead' }));
  }
  return out;
}

/** The site.yaml key that names a path (Site.pathOrigins; model/resolve-site.ts pathOrigin, types only here). */
function keyOf(site: Site, path: string): Origin | undefined {
  const all = site.pathOrigins;
  return all !== undefined && Object.hasOwn(all, path) ? all[path] : undefined;
}
