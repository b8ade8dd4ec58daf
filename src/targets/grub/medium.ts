// How a GRUB config on a USB stick or ISO finds its own files. Files keep their site-relative
// path on the medium (`images/xp.vhd` → `/images/xp.vhd`); the volume is found by its label, or
// by `/.disk/info`, which the media writer puts there for Debian's signed GRUB (boot-media.md §3.3).
import type { Site } from '../../model/types.js';
import type { GrubSegment } from './escape.js';

export type MediumRoot = { readonly label: string; readonly file: null } | { readonly label: null; readonly file: string };

export const DISK_INFO = '/.disk/info';

/** The volume label both media agree on; `/.disk/info` when there is none or they differ. */
export function mediumRoot(site: Site): MediumRoot {
  const labels = new Set([site.media.usb?.label, site.media.iso?.label].filter((l): l is string => l !== undefined));
  const [label] = labels;
  return labels.size === 1 && label !== undefined ? { label, file: null } : { label: null, file: DISK_INFO };
}

/** Absolute path on the medium of a site-relative file. */
export function mediumPath(path: string): string {
  return `/${path.replace(/^\/+/, '')}`;
}

/**
 * A file in GRUB device syntax for VBoot, whose loader core runs after GRUB and needs the device
 * spelled out: `(LABEL=VHDLAB)/images/xp.vhd`, else `(${root})/…` expanded by GRUB.
 */
export function devicePath(root: MediumRoot, path: string): readonly GrubSegment[] {
  return root.label !== null ? [`(LABEL=${root.label})${mediumPath(path)}`] : ['(', { variable: 'root' }, `)${mediumPath(path)}`];
}
