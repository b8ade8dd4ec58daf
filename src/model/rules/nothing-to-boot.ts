// An entry with only a title would render as an empty menu item that does nothing.
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { at, type Rule } from './rule.js';

export const nothingToBoot: Rule = {
  code: 'model/nothing-to-boot',
  check(input) {
    const out: Diagnostic[] = [];
    input.site.entries.forEach((e, i) => {
      if (e.boot.kind !== 'raw' || e.raw.grub !== undefined || e.raw.vboot !== undefined || e.raw.ipxe !== undefined) return;
      out.push(diag(nothingToBoot.code, 'error', `entry \`${e.id}\` has nothing to boot`, {
        expected: 'one of disk:, cdrom:, linux:, wim:, or raw grub:/vboot:/ipxe: lines',
        found: 'only a title',
        origin: at(input, ['entries', i]),
      }));
    });
    return out;
  },
};
