// `parent:` links must end at a base image. A cycle (a → b → a, or a → a) has no base to boot.
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { at, type Rule } from './rule.js';

export const parentCycle: Rule = {
  code: 'model/parent-cycle',
  check(input) {
    const parent = new Map(input.site.images.map((i) => [i.id, i.parent]));
    const reported = new Set<string>();
    const out: Diagnostic[] = [];
    for (const img of input.site.images) {
      const cycle = cycleFrom(img.id, parent);
      // Report each cycle once, at the member that appears first in the manifest.
      if (!cycle || cycle[0] !== img.id || cycle.some((id) => reported.has(id))) continue;
      cycle.forEach((id) => reported.add(id));
      out.push(diag(parentCycle.code, 'error', `image \`${img.id}\` is its own ancestor`, {
        expected: 'parent links that end at a base image',
        found: [...cycle, img.id].join(' → '),
        origin: at(input, ['images', img.id, 'parent']),
      }));
    }
    return out;
  },
};

/** The cycle `start` is on, starting at `start`, or undefined when its chain ends. */
function cycleFrom(start: string, parent: ReadonlyMap<string, string | undefined>): string[] | undefined {
  const seen: string[] = [];
  let id: string | undefined = start;
  while (id !== undefined && parent.has(id)) {
    const idx = seen.indexOf(id);
    if (idx >= 0) return idx === 0 ? seen : undefined;
    seen.push(id);
    id = parent.get(id);
  }
  return undefined;
}
