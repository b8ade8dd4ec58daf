// Every image or entry id used must be declared; a near miss gets a suggestion.
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { didYouMean } from '../../diagnostics/did-you-mean.js';
import { references } from './references.js';
import { at, type Rule } from './rule.js';

export const unknownReference: Rule = {
  code: 'model/unknown-reference',
  check(input) {
    const known = {
      image: new Set(Object.keys(input.written.images ?? {})),
      entry: new Set(input.written.entries.map((e) => e.id)),
    };
    const out: Diagnostic[] = [];
    for (const ref of references(input.written)) {
      const ids = known[ref.kind];
      if (ids.has(ref.id)) continue;
      const near = didYouMean(ref.id, ids);
      out.push(diag(unknownReference.code, 'error', `unknown ${ref.kind} \`${ref.id}\``, {
        expected: ids.size ? `one of the ${ref.kind} ids: ${[...ids].slice(0, 12).join(', ')}${ids.size > 12 ? ', …' : ''}` : `an ${ref.kind} declared under \`${ref.kind === 'image' ? 'images' : 'entries'}:\``,
        found: ref.id,
        origin: at(input, ref.path),
        ...(near ? { hint: `did you mean \`${near}\`?` } : {}),
      }));
    }
    return out;
  },
};
