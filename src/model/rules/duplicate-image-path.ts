// Two image ids for one file would give it two parents or two writers; the chain checks and the
// writable-parent rule reason per file, so each file gets exactly one id.
import { posix } from 'node:path';
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { at, type Rule } from './rule.js';

export const duplicateImagePath: Rule = {
  code: 'model/duplicate-image-path',
  check(input) {
    const first = new Map<string, string>();
    const out: Diagnostic[] = [];
    for (const img of input.site.images) {
      const key = posix.normalize(img.path.replace(/\\/g, '/'));
      const prev = first.get(key);
      if (prev === undefined) {
        first.set(key, img.id);
        continue;
      }
      out.push(diag(duplicateImagePath.code, 'error', `images \`${prev}\` and \`${img.id}\` are the same file ${key}`, {
        expected: 'one image id per file',
        found: `${img.path} again`,
        origin: at(input, typeof input.written.images?.[img.id] === 'string' ? ['images', img.id] : ['images', img.id, 'path']),
      }));
    }
    return out;
  },
};
