// VBoot rebuilds a snapshot's chain by walking snapshotentry nesting (landscape.md §6): each
// snapshot's disk must be a differencing child of the disk of the block it sits in.
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { YamlPath } from '../../manifest/index.js';
import type { SnapshotEntry } from '../types.js';
import { at, type Rule, type RuleInput } from './rule.js';

export const snapshotParent: Rule = {
  code: 'model/snapshot-parent-mismatch',
  check(input) {
    const out: Diagnostic[] = [];
    const parentOf = new Map(input.site.images.map((img) => [img.id, img.parent]));
    input.site.entries.forEach((e, i) => {
      if (e.boot.kind !== 'disk' || !e.boot.snapshot) return;
      walk({ input, parentOf, out }, e.boot.disk, e.boot.snapshot.children, ['entries', i, 'snapshot', 'entries']);
    });
    return out;
  },
};

interface Walk {
  readonly input: RuleInput;
  readonly parentOf: ReadonlyMap<string, string | undefined>;
  readonly out: Diagnostic[];
}

function walk(w: Walk, outer: string, list: readonly SnapshotEntry[], path: YamlPath): void {
  const { input, parentOf, out } = w;
  list.forEach((s, i) => {
    // Unknown disks are reported by unknown-reference.
    if (parentOf.has(s.disk) && parentOf.get(s.disk) !== outer) {
      out.push(diag(snapshotParent.code, 'error', `snapshot "${s.title}" boots \`${s.disk}\`, which is not a child of \`${outer}\``, {
        expected: `an image with \`parent: ${outer}\``,
        found: `\`${s.disk}\` with ${parentOf.get(s.disk) ? `parent \`${String(parentOf.get(s.disk))}\`` : 'no parent'}`,
        origin: at(input, [...path, i, 'disk']),
      }));
    }
    walk(w, s.disk, s.children, [...path, i, 'entries']);
  });
}
