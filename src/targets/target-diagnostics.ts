// The diagnostics every target shares: an entry a target cannot express, and a value a config
// language cannot carry. Both name the entry (or field), the target and why (DESIGN.md table).
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import type { Origin } from '../diagnostics/diagnostic.js';
import type { Entry, Site } from '../model/types.js';
import type { TargetKind } from './types.js';

const TARGET_NAMES: Record<TargetKind, string> = {
  grub: 'upstream GRUB',
  vboot: 'VBoot',
  ipxe: 'iPXE',
  bcd: 'the BCD script',
  dnsmasq: 'dnsmasq',
  dhcpd: 'ISC dhcpd',
};

export function targetName(kind: TargetKind): string {
  return TARGET_NAMES[kind];
}

/** The entry is left out of this target's output (a warning: other targets may carry it). */
export function unsupportedEntry(kind: TargetKind, entry: Entry, why: string, hint?: string): Diagnostic {
  return diag('target/unsupported-entry', 'warning', `entry '${entry.id}' is left out of ${TARGET_NAMES[kind]}: ${why}`, {
    origin: entry.origin,
    ...(hint === undefined ? {} : { hint }),
  });
}

/** A value the config language cannot carry verbatim: an error, nothing is written. */
export function unsafeValue(kind: TargetKind, what: string, value: string, why: string, origin: Origin | undefined): Diagnostic {
  return diag('target/unsafe-value', 'error', `${what} cannot be written to ${TARGET_NAMES[kind]}: ${why}`, {
    found: JSON.stringify(value),
    ...(origin === undefined ? {} : { origin }),
  });
}

/** A part of an entry this target drops while still booting the rest. */
export function ignoredPart(kind: TargetKind, entry: Entry, part: string, why: string): Diagnostic {
  return diag('target/ignored-option', 'warning', `entry '${entry.id}': ${part} is not carried by ${TARGET_NAMES[kind]}: ${why}`, {
    origin: entry.origin,
  });
}

/** The menu's default entry is not offered by this target, so it starts another. */
export function defaultUnavailable(site: Site, kind: TargetKind, id: string, where = 'menu'): Diagnostic {
  return diag('target/default-unavailable', 'warning', `the ${where} default '${id}' is not in ${TARGET_NAMES[kind]}'s menu, so the first entry is the default`, {
    origin: site.entries.find((e) => e.id === id)?.origin ?? site.origin,
  });
}
