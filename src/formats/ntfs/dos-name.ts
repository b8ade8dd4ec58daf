// DOS 8.3 names (ntfs-exfat.md §1.8 namespaces). Why we write them although GRUB skips them and
// ntfs-3g never creates them: ntfs-3g deletes a Win32 (namespace 1) name by first looking for
// its DOS partner, and without one unlink fails with ENOENT (found by the read-write session in
// the tests; libntfs-3g dir.c ntfs_delete). So a name that is its own 8.3 form (upper case, 8.3,
// DOS characters) is one Win32&DOS (3) name, as mkntfs writes for "$MFT"; every other name is a
// Win32 name plus a DOS name (2), made by FAT's basis-name and numeric-tail rules, as Windows does.
import { makeShortName } from '../fat/short-name.js';

export interface DosPlan {
  /** the 8.3 name to add in namespace 2; undefined when the long name is itself 8.3 (namespace 3) */
  readonly dos?: string;
}

const display = (raw11: string): string => {
  const base = raw11.slice(0, 8).trimEnd();
  const ext = raw11.slice(8).trimEnd();
  return ext ? `${base}.${ext}` : base;
};

/**
 * DOS names for the children of one directory, in the order given. Names whose upper case is a
 * lossless 8.3 name keep that form (reserved first, so no generated name can take it); the rest
 * get basis~n names unique in the directory. `reserved` adds names already taken (the root's
 * system files).
 */
export function planDosNames(names: readonly string[], reserved: readonly string[] = []): DosPlan[] {
  const taken = new Set<string>();
  const own = names.map((n) => {
    const probe = makeShortName(n, new Set());
    return probe.needsLfn && display(probe.raw).toLowerCase() !== n.toLowerCase() ? undefined : probe.raw;
  });
  for (const r of [...reserved.map((n) => makeShortName(n, new Set()).raw), ...own]) if (r !== undefined) taken.add(r);
  return names.map((n, i) => {
    const mine = own[i];
    if (mine !== undefined) return display(mine) === n ? {} : { dos: display(mine) };
    return { dos: display(makeShortName(n, taken).raw) };
  });
}
