// An entry boots one thing: a disk (optionally with cdrom/floppy), an ISO, a kernel or a WIM.
// Writing two (disk: and linux:) would make one silently win.
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { at, type Rule } from './rule.js';

export const conflictingBoot: Rule = {
  code: 'model/conflicting-boot',
  check(input) {
    const out: Diagnostic[] = [];
    input.written.entries.forEach((e, i) => {
      const kinds = [
        e.disk !== undefined ? 'disk' : e.cdrom !== undefined ? 'cdrom' : undefined,
        e.linux !== undefined ? 'linux' : undefined,
        e.wim !== undefined ? 'wim' : undefined,
      ].filter((k): k is string => k !== undefined);
      const second = kinds[1];
      if (second === undefined) return;
      out.push(diag(conflictingBoot.code, 'error', `entry \`${e.id}\` boots ${kinds.map((k) => `\`${k}:\``).join(' and ')} at once`, {
        expected: 'one of disk:, cdrom:, linux: or wim: per entry',
        found: kinds.join(' + '),
        hint: 'split it into one entry per way of booting',
        origin: at(input, ['entries', i, second]),
      }));
    });
    return out;
  },
};
