// A file the site names (an image, kernel, initrd, wim, user loader), checked through the ports:
// it must exist and be a regular file. A FIFO or a device is never opened (no hang), and either
// failure is one diagnostic at the site.yaml key that named the file.
import { isAbsolute, join } from 'node:path/posix';
import type { Locator, WrittenSite } from '../manifest/index.js';
import { escapes, PATH_ESCAPE, pathKeys, pathOrigin } from '../model/index.js';
import type { VolumeFile } from '../binary/extent.js';
import { diag, type Diagnostic, type Origin } from '../diagnostics/diagnostic.js';
import { mediaPayload } from '../media/payload.js';
import type { Site } from '../model/types.js';
import type { Ports } from './ports.js';

export interface SiteFileRef {
  /** as written: relative to site.dir, or absolute (loaders) */
  readonly sitePath: string;
  /** what it is for, e.g. '/images/xp.vhd on the medium' */
  readonly purpose: string;
  readonly origin?: Origin | undefined;
}

export type SiteFileCheck = { readonly path: string; readonly size: number } | { readonly diagnostic: Diagnostic };

export const sitePathOf = (site: Site, p: string): string => (isAbsolute(p) ? p : join(site.dir, p));

export function checkSiteFile(site: Site, ref: SiteFileRef, ports: Ports): SiteFileCheck {
  const path = sitePathOf(site, ref.sitePath);
  const st = ports.files.stat(path);
  const origin = ref.origin ?? pathOrigin(site, ref.sitePath) ?? site.origin;
  if (st === undefined) {
    return { diagnostic: diag('media/payload-missing', 'error', `${ref.sitePath} (${ref.purpose}) does not exist`, { expected: `a file at ${path}`, found: 'nothing', origin }) };
  }
  if (st.kind !== 'file') {
    const article = st.kind === 'directory' ? 'a directory' : `a ${st.kind === 'fifo' ? 'FIFO' : st.kind}`;
    return { diagnostic: diag('media/payload-not-a-file', 'error', `${ref.sitePath} (${ref.purpose}) is not a regular file (${article})`, { expected: 'a regular file', found: article, origin }) };
  }
  return { path, size: st.size };
}

/** Checks every ref; the files found become volume files at their medium paths. */
export function siteVolumeFiles(site: Site, refs: readonly (SiteFileRef & { readonly mediumPath: string })[], ports: Ports): { files: VolumeFile[]; diagnostics: Diagnostic[] } {
  const files: VolumeFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const ref of refs) {
    const r = checkSiteFile(site, ref, ports);
    if ('diagnostic' in r) diagnostics.push(r.diagnostic);
    else files.push({ path: ref.mediumPath, size: r.size, source: { kind: 'file', path: r.path } });
  }
  return { files, diagnostics };
}

/** The files a site names besides its images (kernels, initrds, wims, user loaders) that are missing or not files. */
export function sitePayloadFindings(site: Site, ports: Ports): Diagnostic[] {
  const images = new Set(site.images.map((i) => i.path));
  // a path that leaves the site is model/path-escapes-site, and is never looked at
  const refs = [...mediaPayload(site, 'usb'), ...mediaPayload(site, 'iso')].filter((r) => !images.has(r.sitePath) && (r.origin?.path?.[0] === 'loaders' || escapes(r.sitePath) === undefined));
  const unique = [...new Map(refs.map((r) => [r.sitePath, r])).values()];
  return siteVolumeFiles(site, unique.map((r) => ({ ...r, purpose: `${r.mediumPath} on the media` })), ports).diagnostics;
}

/**
 * The symlink half of path confinement (model/rules/path-escape.ts is the lexical half): a site
 * file or relative loader whose real path is outside the site directory is an error at its key.
 */
export function symlinkEscapes(input: { readonly site: Site; readonly written: WrittenSite; readonly source: Locator }, ports: Ports): Diagnostic[] {
  const { site } = input;
  const realDir = ports.files.realpath(site.dir);
  if (realDir === undefined) return [];
  const out: Diagnostic[] = [];
  for (const key of pathKeys(input.written)) {
    if (key.kind === 'medium' || isAbsolute(key.path)) continue;
    const real = ports.files.realpath(join(site.dir, key.path));
    if (real === undefined || real === realDir || real.startsWith(realDir.endsWith('/') ? realDir : `${realDir}/`)) continue;
    out.push(diag(PATH_ESCAPE, 'error', `path \`${key.path}\` leaves the site directory through a symlink (its real path is ${real})`, {
      expected: 'a path inside the site directory, relative to site.yaml, whose real path is inside it too',
      found: real,
      hint: 'copy the file into the site directory, or link the site directory itself',
      origin: input.source.origin(key.at),
    }));
  }
  return out;
}
