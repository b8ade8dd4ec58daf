// 8.3 short names from long names: fatgen103 §7 "Basis-Name Generation" and "Numeric-Tail"
// (boot-media.md §1.9). Uniqueness is per directory, on the 11 upper-case bytes.

export interface ShortName {
  /** 11 bytes, space padded: base (8) + extension (3) */
  readonly raw: string;
  /** true when the long name differs from the short one and needs VFAT entries */
  readonly needsLfn: boolean;
}

// Valid short-name characters besides A–Z and 0–9 (fatgen103 §6.1).
const SPECIAL = new Set("$%'-_@~`!(){}^#&");

function shortChar(ch: string): { c: string; lossy: boolean } {
  const up = ch.toUpperCase();
  if (/^[A-Z0-9]$/.test(up) && ch.length === 1 && up.length === 1) return { c: up, lossy: false };
  if (SPECIAL.has(ch)) return { c: ch, lossy: false };
  return { c: '_', lossy: true };
}

function basis(name: string): { base: string; ext: string; lossy: boolean } {
  let lossy = false;
  let s = name.replace(/ /g, () => ((lossy = true), ''));
  const stripped = s.replace(/^\.+/, '');
  if (stripped !== s) lossy = true;
  s = stripped;
  const dot = s.lastIndexOf('.');
  const rawBase = dot >= 0 ? s.slice(0, dot) : s;
  const rawExt = dot >= 0 ? s.slice(dot + 1) : '';
  const conv = (part: string): string => {
    let out = '';
    for (const ch of part) {
      if (ch === '.') {
        lossy = true;
        continue;
      }
      const r = shortChar(ch);
      lossy ||= r.lossy;
      out += r.c;
    }
    return out;
  };
  let base = conv(rawBase);
  let ext = conv(rawExt);
  if (base.length > 8 || ext.length > 3) lossy = true;
  base = base.slice(0, 8);
  ext = ext.slice(0, 3);
  if (base === '') {
    base = '_';
    lossy = true;
  }
  return { base, ext, lossy };
}

const raw11 = (base: string, ext: string): string => base.padEnd(8, ' ') + ext.padEnd(3, ' ');

/** Picks the short name for `name`, adding it to `taken` (the directory's used short names). */
export function makeShortName(name: string, taken: Set<string>): ShortName {
  const { base, ext, lossy } = basis(name);
  const display = ext ? `${base}.${ext}` : base;
  if (!lossy && !taken.has(raw11(base, ext))) {
    const raw = raw11(base, ext);
    taken.add(raw);
    return { raw, needsLfn: display !== name };
  }
  for (let n = 1; n < 1_000_000; n++) {
    const tail = `~${n}`;
    const raw = raw11(base.slice(0, 8 - tail.length) + tail, ext);
    if (!taken.has(raw)) {
      taken.add(raw);
      return { raw, needsLfn: true };
    }
  }
  throw new RangeError(`no free short name for ${name}`);
}

/** Why a long name cannot be stored on FAT, or undefined when it can (fatgen103 §7). */
export function invalidLongName(name: string): string | undefined {
  if (name === '.' || name === '..') return 'is reserved';
  if (name.length > 255) return `is ${name.length} UTF-16 units long (at most 255)`;
  // eslint-disable-next-line no-control-regex
  const bad = /[\u0000-\u001f"*/:<>?\\|\u007f]/.exec(name);
  if (bad) return `contains ${JSON.stringify(bad[0])}, which FAT does not allow`;
  if (/[. ]$/.test(name)) return 'ends with a dot or a space, which FAT strips';
  return undefined;
}
