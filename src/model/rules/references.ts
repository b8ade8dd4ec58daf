// Every place site.yaml names an image or an entry by id, with the YAML path of the reference.
import type { WrittenSite, WrittenSnapshotEntry, YamlPath } from '../../manifest/index.js';

export interface Reference {
  readonly kind: 'image' | 'entry';
  readonly id: string;
  readonly path: YamlPath;
}

export function references(w: WrittenSite): Reference[] {
  const out: Reference[] = [];
  const add = (kind: Reference['kind'], id: string | undefined, path: YamlPath): void => {
    if (id !== undefined) out.push({ kind, id, path });
  };
  for (const [id, img] of Object.entries(w.images ?? {})) {
    if (typeof img !== 'string') add('image', img.parent, ['images', id, 'parent']);
  }
  w.entries.forEach((e, i) => {
    for (const key of ['disk', 'cdrom', 'floppy', 'floppy-b'] as const) add('image', e[key], ['entries', i, key]);
    add('image', e.linux?.from, ['entries', i, 'linux', 'from']);
    snapshotRefs(e.snapshot?.entries ?? [], ['entries', i, 'snapshot', 'entries'], add);
  });
  add('entry', w.menu?.default, ['menu', 'default']);
  (w.machines ?? []).forEach((m, i) => {
    (m.entries ?? []).forEach((id, j) => add('entry', id, ['machines', i, 'entries', j]));
    add('entry', m.default, ['machines', i, 'default']);
  });
  return out;
}

function snapshotRefs(list: readonly WrittenSnapshotEntry[], path: YamlPath, add: (k: 'image', id: string, p: YamlPath) => void): void {
  list.forEach((s, i) => {
    add('image', s.disk, [...path, i, 'disk']);
    snapshotRefs(s.entries ?? [], [...path, i, 'entries'], add);
  });
}
