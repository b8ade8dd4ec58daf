// Booting an image writable (session: persistent, the default) while other images name it as
// their parent changes the blocks those children rely on: every child is corrupted.
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { at, type Rule } from './rule.js';

export const writableParent: Rule = {
  code: 'model/writable-parent',
  check(input) {
    const children = new Map<string, string[]>();
    for (const img of input.site.images) {
      if (img.parent !== undefined) children.set(img.parent, [...(children.get(img.parent) ?? []), img.id]);
    }
    const out: Diagnostic[] = [];
    input.site.entries.forEach((e, i) => {
      if (e.boot.kind !== 'disk' || e.boot.session !== 'persistent') return;
      const kids = children.get(e.boot.disk);
      if (!kids) return;
      const written = input.written.entries[i]?.session !== undefined;
      out.push(diag(writableParent.code, 'error', `entry \`${e.id}\` boots \`${e.boot.disk}\` writable, but ${kids.map((k) => `\`${k}\``).join(', ')} ${kids.length > 1 ? 'name it as parent' : 'names it as parent'}`, {
        expected: 'a parent image that is never written (boot a child, or session: immutable or snapshot)',
        found: `session: persistent${written ? '' : ' (the default)'}`,
        hint: 'writing a parent corrupts every differencing child built on it',
        origin: at(input, ['entries', i, written ? 'session' : 'disk']),
      }));
    });
    return out;
  },
};
