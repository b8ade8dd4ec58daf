// A machine's `default:` must be one of the entries its menu offers, or the menu has no default.
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { at, type Rule } from './rule.js';

export const defaultNotOffered: Rule = {
  code: 'model/default-not-offered',
  check(input) {
    const known = new Set(input.site.entries.map((e) => e.id));
    const out: Diagnostic[] = [];
    (input.written.machines ?? []).forEach((m, i) => {
      const entries = m.entries;
      // Unknown ids are unknown-reference's; here only a known entry left out of the list.
      if (m.default === undefined || entries === undefined || !known.has(m.default) || entries.includes(m.default)) return;
      out.push(diag(defaultNotOffered.code, 'error', `machine \`${m.name}\` defaults to \`${m.default}\`, which is not in its entries`, {
        expected: `one of ${entries.map((id) => `\`${id}\``).join(', ') || 'its entries'}`,
        found: m.default,
        hint: `add \`${m.default}\` to its entries or pick another default`,
        origin: at(input, ['machines', i, 'default']),
      }));
    });
    return out;
  },
};
