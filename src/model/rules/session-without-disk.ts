// `session:` says how a disk is written (persistent, immutable, snapshot); without `disk:` it has
// nothing to apply to and would be silently ignored.
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { at, type Rule } from './rule.js';

export const sessionWithoutDisk: Rule = {
  code: 'model/session-without-disk',
  check(input) {
    const out: Diagnostic[] = [];
    input.written.entries.forEach((e, i) => {
      if (e.session === undefined || e.disk !== undefined) return;
      out.push(diag(sessionWithoutDisk.code, 'error', `entry \`${e.id}\` has \`session: ${e.session}\` but no \`disk:\``, {
        expected: 'a `disk:` image for the session to apply to',
        found: 'no disk',
        origin: at(input, ['entries', i, 'session']),
      }));
    });
    return out;
  },
};
