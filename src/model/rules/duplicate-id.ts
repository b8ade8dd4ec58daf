// Entry ids and machine names name files, menu labels and DHCP hosts: each must be unique.
// (Image ids are mapping keys, so YAML itself rejects duplicates: manifest/duplicate-key.)
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { at, type Rule, type RuleInput } from './rule.js';

export const duplicateId: Rule = {
  code: 'model/duplicate-id',
  check(input) {
    return [
      ...duplicates(input, 'entries', input.written.entries.map((e) => e.id), 'id', 'entry id'),
      ...duplicates(input, 'machines', (input.written.machines ?? []).map((m) => m.name.toLowerCase()), 'name', 'machine name'),
    ];
  },
};

function duplicates(input: RuleInput, list: string, ids: readonly string[], key: string, what: string): Diagnostic[] {
  const first = new Map<string, number>();
  const out: Diagnostic[] = [];
  ids.forEach((id, i) => {
    const prev = first.get(id);
    if (prev === undefined) {
      first.set(id, i);
      return;
    }
    const prevLine = at(input, [list, prev, key]).line;
    out.push(diag(duplicateId.code, 'error', `${what} \`${id}\` is used twice`, {
      expected: `a unique ${what}`,
      found: `\`${id}\` again (first at line ${String(prevLine)})`,
      origin: at(input, [list, i, key]),
    }));
  });
  return out;
}
