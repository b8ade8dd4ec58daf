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
  return diag('target/unsupported-entry', 'warning', leftOut(TARGET_NAMES[kind], [entry.id], why), {
    origin: entry.origin,
    ...(hint === undefined ? {} : { hint }),
  });
}

const leftOut = (target: string, ids: readonly string[], why: string): string =>
  `${ids.length === 1 ? 'entry' : 'entries'} ${ids.map((id) => `'${id}'`).join(', ')} ${ids.length === 1 ? 'is' : 'are'} left out of ${target}: ${why}`;
const LEFT_OUT = /^entry '([^']*)' is left out of (.+?): (.*)$/;

/**
 * One warning per cause: entries a target leaves out for the same reason become one warning
 * naming them all, and a menu default among them is said there instead of separately.
 */
export function groupLeftOut(diagnostics: readonly Diagnostic[]): Diagnostic[] {
  const out: (Diagnostic | undefined)[] = [];
  const groups = new Map<string, { index: number; ids: string[]; target: string; why: string }>();
  for (const d of diagnostics) {
    const m = d.code === 'target/unsupported-entry' ? LEFT_OUT.exec(d.message) : null;
    if (!m?.[1] || !m[2] || m[3] === undefined) {
      out.push(d);
      continue;
    }
    const key = `${m[2]}\u0000${m[3]}\u0000${d.hint ?? ''}`;
    const g = groups.get(key);
    if (g) g.ids.push(m[1]);
    else groups.set(key, { index: out.push(d) - 1, ids: [m[1]], target: m[2], why: m[3] });
  }
  for (const g of groups.values()) {
    const def = out.findIndex((x) => {
      const m = x?.code === 'target/default-unavailable' ? DEFAULT.exec(x.message) : null;
      return m?.[2] === g.target && g.ids.includes(m[1] ?? '');
    });
    const d = out[def];
    const note = d ? `; the menu default '${DEFAULT.exec(d.message)?.[1] ?? ''}' is among them, so the first entry is the default` : '';
    if (def >= 0) out[def] = undefined;
    const first = out[g.index];
    if (first) out[g.index] = { ...first, message: `${leftOut(g.target, g.ids, g.why)}${note}` };
  }
  return out.filter((d): d is Diagnostic => d !== undefined);
}

const DEFAULT = /^the \w+ default '([^']*)' is not in (.+?)'s menu/;

/** Whether a medium of the site boots this menu (the ISO and a grub stick: grub; a vboot stick: vboot). */
export function menuIsBooted(site: Site, kind: 'grub' | 'vboot'): boolean {
  const usb = site.media.usb;
  return kind === 'grub' ? site.media.iso !== undefined || (usb !== undefined && usb.dialect === 'grub') : usb?.dialect === 'vboot';
}

/**
 * A menu no medium of the site boots (a network site's grub.cfg) is written for whoever wants
 * it, but what it leaves out is no warning to act on: its warnings become notes.
 */
export function quietUnlessBooted(site: Site, kind: 'grub' | 'vboot', diagnostics: readonly Diagnostic[]): Diagnostic[] {
  if (menuIsBooted(site, kind)) return [...diagnostics];
  return diagnostics.map((d) => (d.severity === 'warning' ? { ...d, severity: 'info' as const } : d));
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
