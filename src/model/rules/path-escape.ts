// One confinement rule for every key of site.yaml that names a file (docs/manifest.md "Paths"):
// site files (images, `linux.kernel`/`initrd` without `from:`, `wim`) are relative to site.yaml and
// may not leave its directory; loader overrides may also be absolute; paths on the boot medium or
// inside an ISO (`config`, `snapshot.path`) may be absolute there but never climb with `..`. A
// manifest must not make bootgen read (or a build copy) /etc/shadow or ../../other-site. The
// symlink half (a path inside the site whose real path is outside) needs the file system: app/
// checks it through ports.files.realpath with the same code at the same key (app/site-files.ts).
import { posix } from 'node:path';
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { WrittenSite, YamlPath } from '../../manifest/index.js';
import { at, type Rule } from './rule.js';

export const PATH_ESCAPE = 'model/path-escapes-site';

/** site: relative to site.yaml, confined; loader: the same, or absolute; medium: a path on the medium or in an ISO. */
export type PathKeyKind = 'site' | 'loader' | 'medium';

export interface PathKey {
  readonly path: string;
  /** the YAML key that names it */
  readonly at: YamlPath;
  readonly kind: PathKeyKind;
}

/** Every key of a written site that names a file, with its YAML path. */
export function pathKeys(written: WrittenSite): PathKey[] {
  const keys: PathKey[] = [];
  for (const [id, img] of Object.entries(written.images ?? {})) {
    keys.push(typeof img === 'string' ? { path: img, at: ['images', id], kind: 'site' } : { path: img.path, at: ['images', id, 'path'], kind: 'site' });
  }
  written.entries.forEach((e, i) => {
    if (e.wim !== undefined) keys.push({ path: e.wim, at: ['entries', i, 'wim'], kind: 'site' });
    if (e.config !== undefined) keys.push({ path: e.config, at: ['entries', i, 'config'], kind: 'medium' });
    if (e.snapshot?.path !== undefined) keys.push({ path: e.snapshot.path, at: ['entries', i, 'snapshot', 'path'], kind: 'medium' });
    const linux = e.linux;
    if (linux === undefined) return;
    // with `from:` the kernel and initrds are paths inside that ISO
    const kind: PathKeyKind = linux.from === undefined ? 'site' : 'medium';
    keys.push({ path: linux.kernel, at: ['entries', i, 'linux', 'kernel'], kind });
    if (typeof linux.initrd === 'string') keys.push({ path: linux.initrd, at: ['entries', i, 'linux', 'initrd'], kind });
    else linux.initrd?.forEach((p, j) => keys.push({ path: p, at: ['entries', i, 'linux', 'initrd', j], kind }));
  });
  const loaders = written.loaders;
  if (loaders !== undefined) {
    for (const [key, value] of Object.entries(loaders)) {
      if (typeof value === 'string') keys.push({ path: value, at: ['loaders', key], kind: 'loader' });
      else if (value !== undefined) {
        for (const [sub, p] of Object.entries(value)) if (typeof p === 'string') keys.push({ path: p, at: ['loaders', key, sub], kind: 'loader' });
      }
    }
  }
  return keys;
}

export const pathEscape: Rule = {
  code: PATH_ESCAPE,
  check(input) {
    const out: Diagnostic[] = [];
    for (const key of pathKeys(input.written)) {
      const why = whyOutside(key);
      if (!why) continue;
      out.push(diag(PATH_ESCAPE, 'error', `path \`${key.path}\` ${why}`, {
        expected: EXPECTED[key.kind],
        found: key.path,
        origin: at(input, key.at),
      }));
    }
    return out;
  },
};

const EXPECTED: Readonly<Record<PathKeyKind, string>> = {
  site: 'a path inside the site directory, relative to site.yaml',
  loader: 'an absolute path, or one inside the site directory relative to site.yaml',
  medium: 'a path on the boot medium (or in the ISO) without `..`',
};

function whyOutside(key: PathKey): string | undefined {
  if (key.path.includes('\0')) return 'contains a NUL byte';
  if (key.kind === 'medium') return key.path.replace(/\\/g, '/').split('/').includes('..') ? 'climbs with `..`' : undefined;
  if (key.kind === 'loader' && key.path.startsWith('/')) return undefined;
  return escapes(key.path);
}

/** Why a written path leaves the site directory, or undefined when it stays inside. */
export function escapes(path: string): string | undefined {
  const p = path.replace(/\\/g, '/');
  if (p.startsWith('/') || /^[A-Za-z]:/.test(p)) return 'is absolute';
  if (p.includes('\0')) return 'contains a NUL byte';
  const normal = posix.normalize(p);
  if (normal === '..' || normal.startsWith('../')) return 'leaves the site directory';
  if (normal === '.' || normal === '') return 'names the site directory itself';
  return undefined;
}
