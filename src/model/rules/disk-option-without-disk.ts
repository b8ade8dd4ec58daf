// Options that only mean something for a booted disk (VBoot flags, Windows VHD boot, snapshots).
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { at, type Rule } from './rule.js';

const DISK_ONLY = ['floppy-b', 'snapshot', 'parent-dir', 'recover-mbr', 'pause', 'windows'] as const;

export const diskOptionWithoutDisk: Rule = {
  code: 'model/disk-option-without-disk',
  check(input) {
    const out: Diagnostic[] = [];
    input.written.entries.forEach((e, i) => {
      if (e.disk !== undefined) return;
      for (const key of DISK_ONLY) {
        if (e[key] === undefined) continue;
        out.push(diag(diskOptionWithoutDisk.code, 'error', `entry \`${e.id}\` has \`${key}:\` but no \`disk:\``, {
          expected: `\`${key}:\` only together with \`disk:\``,
          found: 'no disk',
          origin: at(input, ['entries', i, key]),
        }));
      }
    });
    return out;
  },
};
