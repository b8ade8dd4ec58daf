// Path helpers for chains. POSIX only: recorded Windows paths were converted by the readers.
import { posix } from 'node:path';

/** QEMU's path_combine: the child's directory (as spelled) + a relative name, not normalised. */
export function combinePath(childFile: string, name: string): string {
  if (name.startsWith('/')) return name;
  const slash = childFile.lastIndexOf('/');
  return slash < 0 ? name : `${childFile.slice(0, slash + 1)}${name}`;
}

export const dirOf = (p: string): string => posix.dirname(p);
export const baseOf = (p: string): string => posix.basename(p);
export const joinPath = (...parts: string[]): string => posix.join(...parts);
export const resolvePath = (...parts: string[]): string => posix.resolve(...parts);
export const relativePath = (from: string, to: string): string => posix.relative(from, to);
