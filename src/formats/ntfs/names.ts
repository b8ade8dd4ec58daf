// Which names and labels bootgen writes (ntfs-exfat.md §1.8). Every long name is a Win32 name
// (namespace 1, or 3 when it is its own 8.3 form), which GRUB and Windows match
// case-insensitively; dos-name.ts adds the DOS names ntfs-3g needs to delete files. So names
// must be legal Win32 names.

const FORBIDDEN = /["*/:<>?\\|\u0000-\u001f]/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
/** §1.8: the name length byte counts UTF-16 units, 1–255 */
export const MAX_NAME_UNITS = 255;
/** Windows limits a volume label to 32 characters ($VOLUME_NAME may hold 128). */
export const MAX_LABEL_UNITS = 32;

/** What is wrong with a file name, or undefined. */
export function nameProblem(name: string): string | undefined {
  if (name.length === 0) return 'is empty';
  if (name.length > MAX_NAME_UNITS) return `is ${name.length} UTF-16 units long; NTFS allows ${MAX_NAME_UNITS}`;
  const bad = FORBIDDEN.exec(name);
  if (bad) return `contains ${JSON.stringify(bad[0])}, which Win32 names cannot hold (" * / : < > ? \\ | and control characters)`;
  if (LONE_SURROGATE.test(name)) return 'contains an unpaired UTF-16 surrogate';
  if (/[ .]$/.test(name)) return 'ends with a dot or a space, which Win32 strips';
  return undefined;
}

export function labelProblem(label: string): string | undefined {
  if (label.length > MAX_LABEL_UNITS) return `is ${label.length} UTF-16 units long; at most ${MAX_LABEL_UNITS}`;
  const bad = FORBIDDEN.exec(label);
  if (bad) return `contains ${JSON.stringify(bad[0])} (" * / : < > ? \\ | and control characters are not allowed)`;
  if (LONE_SURROGATE.test(label)) return 'contains an unpaired UTF-16 surrogate';
  return undefined;
}
