// An image file that is not there yet. Only a warning for now: reading and checking image headers
// (and their parent links) is the image-chain validator's job.
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { escapes } from './path-escape.js';
import { at, type Rule } from './rule.js';

export const missingImage: Rule = {
  code: 'model/image-missing',
  check(input) {
    const exists = input.fileExists;
    if (!exists) return [];
    const out: Diagnostic[] = [];
    for (const img of input.site.images) {
      if (escapes(img.path) || exists(img.path)) continue;
      const short = typeof input.written.images?.[img.id] === 'string';
      out.push(diag(missingImage.code, 'warning', `image \`${img.id}\`: file ${img.path} not found`, {
        expected: 'an image file relative to site.yaml',
        found: 'no such file',
        hint: 'image checks come with the image-chain validator; create it with `bootgen image create`',
        origin: at(input, short ? ['images', img.id] : ['images', img.id, 'path']),
      }));
    }
    return out;
  },
};
