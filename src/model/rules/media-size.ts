// The USB image size must be a whole number of 512-byte sectors (MBR/GPT address sectors).
import { diag } from '../../diagnostics/diagnostic.js';
import { parseSize } from '../size.js';
import { at, type Rule } from './rule.js';

export const mediaSize: Rule = {
  code: 'model/bad-size',
  check(input) {
    const written = input.written.media?.usb?.size;
    if (written === undefined) return [];
    const bytes = parseSize(written);
    if (bytes !== undefined && bytes % 512 === 0) return [];
    return [
      diag(mediaSize.code, 'error', `USB size ${String(written)} is not a whole number of 512-byte sectors`, {
        expected: 'a multiple of 512 bytes, e.g. 256MiB or 2GiB',
        found: bytes === undefined ? String(written) : `${bytes} bytes`,
        origin: at(input, ['media', 'usb', 'size']),
      }),
    ];
  },
};
