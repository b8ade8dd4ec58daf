// Immutable sessions without a person acting: a dhcp-script hook (dnsmasq calls it as
// `HOOK add|old|del MAC IP [HOST]` on every lease event, dnsmasq(8) --dhcp-script) that resets the
// immutable overlays of the machine with that MAC. Machines with only persistent overlays are not
// listed, so their overlays are kept. ISC dhcpd can call the same hook from `on commit { execute(…) }`;
// its MAC octets are not zero-padded, so the hook normalises them first. One boot makes several
// lease events (the firmware's request, then iPXE's once it runs, by then booting the overlay),
// so a machine reset within the last minute is not reset again.
import type { Site } from '../model/types.js';
import type { Artifact, TemplateSet } from '../targets/types.js';
import { RESET_HOOK_PATH } from '../targets/pxe-layout.js';
import { immutableMachines } from '../targets/san-naming.js';
import { renderTemplate } from '../targets/templates.js';

export { immutableMachines, RESET_HOOK_PATH };

/**
 * Where the hook finds site.yaml on the boot server: `BOOTGEN_SITE` (bootgen serve sets it for the
 * dnsmasq it runs), else `site.yaml` in the overlays dir, the server's own state. Never a path of
 * the machine that built the tree, so two checkouts build the same hook.
 */
export const hookSitePath = (site: Site): string => `${(site.network?.overlays.dir ?? '/var/lib/bootgen').replace(/\/+$/, '')}/site.yaml`;

/** Minutes after a reset in which further lease events of the same machine reset nothing. */
export const RESET_DEBOUNCE_MINUTES = 1;

export const RESET_HOOK_TEMPLATE = 'net/dhcp-hook.sh.hbs';

/** Everything the hook decides; templates/net/dhcp-hook.sh.hbs lays it out. */
export function resetHookView(site: Site): { site: string; machines: readonly { mac: string; name: string }[]; stamps: string; debounceMinutes: number; sitePath: string } {
  const dir = (site.network?.overlays.dir ?? '/var/lib/bootgen').replace(/\/+$/, '');
  return { site: site.name, machines: immutableMachines(site), stamps: `${dir}/.reset-stamps`, debounceMinutes: RESET_DEBOUNCE_MINUTES, sitePath: hookSitePath(site) };
}

export function renderResetHook(site: Site, templates: TemplateSet): Artifact {
  return { kind: 'hook', path: RESET_HOOK_PATH, content: renderTemplate(templates, RESET_HOOK_TEMPLATE, resetHookView(site)) };
}
