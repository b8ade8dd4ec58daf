// Which file names and volume labels exFAT can hold (exFAT spec §7.3.3, §7.7.3; ntfs-exfat.md
// §2.7–2.8). Lengths count UTF-16 units, as the on-disk fields do.

export const MAX_NAME_UNITS = 255;
export const MAX_LABEL_UNITS = 11;

// §7.7.3 Table 35: the control characters 0x00–0x1F and " * / : < > ? \ |
// eslint-disable-next-line no-control-regex
const FORBIDDEN = /[\u0000-\u001f"*/:<>?\\|]/;

function forbiddenUnit(s: string): string | undefined {
  const m = FORBIDDEN.exec(s);
  if (!m) return undefined;
  const c = m[0].charCodeAt(0);
  return c < 0x20 ? `U+${c.toString(16).toUpperCase().padStart(4, '0')}` : JSON.stringify(m[0]);
}

export type NameProblem = { readonly kind: 'too-long' | 'forbidden'; readonly message: string };

/** Why `name` (one path component) cannot be an exFAT file name, or undefined. */
export function nameProblem(name: string): NameProblem | undefined {
  if (name.length > MAX_NAME_UNITS) {
    return { kind: 'too-long', message: `is ${name.length} UTF-16 units long; exFAT names hold at most ${MAX_NAME_UNITS}` };
  }
  // exFAT directories have no "." or ".." entries and fsck.exfat rejects sets with those names
  if (name === '.' || name === '..') return { kind: 'forbidden', message: `is ${JSON.stringify(name)}, which exFAT reserves` };
  const bad = forbiddenUnit(name);
  return bad ? { kind: 'forbidden', message: `contains ${bad}, which exFAT names may not contain` } : undefined;
}

/** Why `label` cannot be an exFAT volume label, or undefined. */
export function labelProblem(label: string): string | undefined {
  if (label.length > MAX_LABEL_UNITS) return `is ${label.length} UTF-16 units long; exFAT labels hold at most ${MAX_LABEL_UNITS}`;
  const bad = forbiddenUnit(label);
  return bad ? `contains ${bad}, which exFAT labels may not contain` : undefined;
}
