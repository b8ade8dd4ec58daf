// ISO 9660 level-1 identifiers (ECMA-119 §7.5–7.6: d-characters, 8.3, ";1" version) made unique
// per directory; Rock Ridge NM carries the real name. Sort order per §9.3.

const dchars = (s: string): string => s.toUpperCase().replace(/[^A-Z0-9_]/g, '_');

/** The identifier for `name` (no version for directories), recorded in `taken`. */
export function isoIdentifier(name: string, isDir: boolean, taken: Set<string>): string {
  const dot = isDir ? -1 : name.lastIndexOf('.');
  const rawBase = dot > 0 ? name.slice(0, dot) : name;
  const rawExt = dot > 0 ? name.slice(dot + 1) : '';
  const base = dchars(rawBase).slice(0, 8) || '_';
  const ext = dchars(rawExt).slice(0, 3);
  const make = (b: string): string => (isDir ? b : `${b}.${ext}`);
  let id = make(base);
  for (let n = 1; taken.has(id); n++) {
    const tail = String(n);
    id = make(base.slice(0, 8 - tail.length) + tail);
  }
  taken.add(id);
  return isDir ? id : `${id};1`;
}

/** §9.3: by name then extension, each compared as if padded with spaces. */
export function compareIdentifiers(a: string, b: string): number {
  const split = (s: string): [string, string] => {
    const plain = s.replace(/;1$/, '');
    const dot = plain.indexOf('.');
    return dot < 0 ? [plain, ''] : [plain.slice(0, dot), plain.slice(dot + 1)];
  };
  const [ab, ae] = split(a);
  const [bb, be] = split(b);
  const cmp = (x: string, y: string): number => {
    const n = Math.max(x.length, y.length);
    const px = x.padEnd(n, ' ');
    const py = y.padEnd(n, ' ');
    return px < py ? -1 : px > py ? 1 : 0;
  };
  return cmp(ab, bb) || cmp(ae, be);
}
