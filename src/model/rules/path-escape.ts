// Image and payload paths are relative to site.yaml and may not leave its directory: a manifest
// must not make bootgen read (or a build copy) /etc/shadow or ../../other-site.
import { posix } from 'node:path';
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { YamlPath } from '../../manifest/index.js';
import { at, type Rule } from './rule.js';

export const pathEscape: Rule = {
  code: 'model/path-escapes-site',
  check(input) {
    const paths: { path: string; at: YamlPath }[] = [];
    for (const [id, img] of Object.entries(input.written.images ?? {})) {
      paths.push({ path: typeof img === 'string' ? img : img.path, at: typeof img === 'string' ? ['images', id] : ['images', id, 'path'] });
    }
    input.written.entries.forEach((e, i) => {
      if (e.wim !== undefined) paths.push({ path: e.wim, at: ['entries', i, 'wim'] });
    });
    const out: Diagnostic[] = [];
    for (const p of paths) {
      const why = escapes(p.path);
      if (!why) continue;
      out.push(diag(pathEscape.code, 'error', `path \`${p.path}\` ${why}`, {
        expected: 'a path inside the site directory, relative to site.yaml',
        found: p.path,
        origin: at(input, p.at),
      }));
    }
    return out;
  },
};

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
