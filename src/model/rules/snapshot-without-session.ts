// `snapshot:` options only apply to `session: snapshot`; anywhere else they would be ignored.
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { at, type Rule } from './rule.js';

export const snapshotWithoutSession: Rule = {
  code: 'model/snapshot-without-session',
  check(input) {
    const out: Diagnostic[] = [];
    input.written.entries.forEach((e, i) => {
      if (e.snapshot === undefined || e.disk === undefined || e.session === 'snapshot') return;
      out.push(diag(snapshotWithoutSession.code, 'error', `entry \`${e.id}\` has \`snapshot:\` but its session is ${e.session ?? 'persistent (the default)'}`, {
        expected: 'session: snapshot',
        found: `session: ${e.session ?? 'persistent'}`,
        origin: at(input, ['entries', i, e.session !== undefined ? 'session' : 'snapshot']),
      }));
    });
    return out;
  },
};
