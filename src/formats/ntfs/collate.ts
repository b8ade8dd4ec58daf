// Collation rule 1, file names (ntfs-exfat.md §1.11): compare unit by unit through $UpCase; a
// prefix sorts first; names equal after up-casing fall back to the raw units. ntfs-3g finds a
// name by binary search in this order, so a wrong order means ENOENT, not a checker complaint.

export function collateNames(a: string, b: string, upcase: Uint16Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const x = upcase[a.charCodeAt(i)] ?? 0;
    const y = upcase[b.charCodeAt(i)] ?? 0;
    if (x !== y) return x - y;
  }
  if (a.length !== b.length) return a.length - b.length;
  for (let i = 0; i < n; i++) {
    const d = a.charCodeAt(i) - b.charCodeAt(i);
    if (d !== 0) return d;
  }
  return 0;
}

/** The name with every unit up-cased: equal keys collide in a case-insensitive directory. */
export function foldName(name: string, upcase: Uint16Array): string {
  let s = '';
  for (let i = 0; i < name.length; i++) s += String.fromCharCode(upcase[name.charCodeAt(i)] ?? 0);
  return s;
}
