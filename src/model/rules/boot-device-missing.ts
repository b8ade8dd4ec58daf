// `boot: cdrom` or `boot: floppy` starts from a device that must be attached to the entry.
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { at, type Rule } from './rule.js';

export const bootDeviceMissing: Rule = {
  code: 'model/boot-device-missing',
  check(input) {
    const out: Diagnostic[] = [];
    input.written.entries.forEach((e, i) => {
      const device = e.boot === 'cdrom' ? e.cdrom : e.boot === 'floppy' ? e.floppy : e.disk;
      if (e.boot === undefined || device !== undefined) return;
      const key = e.boot === 'harddisk' ? 'disk' : e.boot;
      out.push(diag(bootDeviceMissing.code, 'error', `entry \`${e.id}\` boots from ${e.boot}, but has no \`${key}:\``, {
        expected: `a \`${key}:\` image to boot from`,
        found: `boot: ${e.boot}`,
        origin: at(input, ['entries', i, 'boot']),
      }));
    });
    return out;
  },
};
