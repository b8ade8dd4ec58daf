// Titles end up in GRUB, iPXE and BCD menus; a control character (newline, ESC, DEL, C1) there
// breaks the script or the screen. They are refused rather than escaped.
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { WrittenSnapshotEntry, YamlPath } from '../../manifest/index.js';
import { at, type Rule } from './rule.js';

const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/u;

export const controlChar: Rule = {
  code: 'model/control-char-in-title',
  check(input) {
    const titles: { title: string; at: YamlPath }[] = [];
    if (input.written.menu?.title !== undefined) titles.push({ title: input.written.menu.title, at: ['menu', 'title'] });
    input.written.entries.forEach((e, i) => {
      titles.push({ title: e.title, at: ['entries', i, 'title'] });
      if (e.snapshot?.title !== undefined) titles.push({ title: e.snapshot.title, at: ['entries', i, 'snapshot', 'title'] });
      snapshotTitles(e.snapshot?.entries ?? [], ['entries', i, 'snapshot', 'entries'], titles);
    });
    const out: Diagnostic[] = [];
    for (const t of titles) {
      const m = CONTROL.exec(t.title);
      if (!m) continue;
      const code = m[0].codePointAt(0) ?? 0;
      out.push(diag(controlChar.code, 'error', `title ${JSON.stringify(t.title)} contains a control character`, {
        expected: 'printable text on one line',
        found: `U+${code.toString(16).toUpperCase().padStart(4, '0')} at character ${m.index + 1}`,
        origin: at(input, t.at),
      }));
    }
    return out;
  },
};

function snapshotTitles(list: readonly WrittenSnapshotEntry[], path: YamlPath, out: { title: string; at: YamlPath }[]): void {
  list.forEach((s, i) => {
    out.push({ title: s.title, at: [...path, i, 'title'] });
    snapshotTitles(s.entries ?? [], [...path, i, 'entries'], out);
  });
}
