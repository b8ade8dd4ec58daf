// The status of a running `bootgen serve` as data (`/bootgen/status.json`) and as a page
// (`/bootgen/status`, templates/serve/status.html.hbs): every machine with its address, last boot
// and entry, overlay fill (warning colour near full), daemon health. Pure.
import type { Site } from '../../model/types.js';
import { fixedAddresses } from '../../targets/net-addressing.js';
import { renderTemplate } from '../../targets/templates.js';
import type { TemplateSet } from '../../targets/types.js';
import type { OverlayRow } from '../overlay-status.js';
import type { ServeEvent } from './events.js';

export interface DaemonHealth {
  readonly name: string;
  readonly state: 'starting' | 'running' | 'restarting' | 'stopped';
  readonly pid: number | undefined;
  readonly restarts: number;
}

export interface MachineStatus {
  readonly name: string;
  readonly mac: string;
  readonly ip: string | undefined;
  /** the entry it boots by default */
  readonly entry: string | undefined;
  readonly lastSeen: string | undefined;
  readonly lastEvent: string | undefined;
}

export interface OverlayStatusRow {
  readonly name: string;
  readonly machine: string;
  readonly session: string;
  readonly fillPercent: number;
  /** near full: the page shows it in the warning colour */
  readonly warn: boolean;
  readonly exported: boolean;
}

export interface ServeStatus {
  readonly site: string;
  readonly since: string;
  readonly machines: readonly MachineStatus[];
  readonly overlays: readonly OverlayStatusRow[];
  readonly daemons: readonly DaemonHealth[];
  readonly events: readonly ServeEvent[];
}

/** Fill at which an overlay shows as nearly full (the overlay status warns from here, too). */
export const FILL_WARN = 0.8;

export function serveStatus(site: Site, o: { since: string; events: readonly ServeEvent[]; overlays: readonly OverlayRow[]; daemons: readonly DaemonHealth[] }): ServeStatus {
  const fixed = fixedAddresses(site).value;
  const machines = site.machines.map((m) => {
    const last = [...o.events].reverse().find((e) => e.machine === m.name);
    const lease = [...o.events].reverse().find((e) => e.machine === m.name && e.kind === 'lease' && e.ip);
    return { name: m.name, mac: m.mac, ip: lease?.ip ?? fixed.get(m.name), entry: m.default, lastSeen: last?.at, lastEvent: last?.detail };
  });
  const overlays = o.overlays.map((r) => ({ name: r.name, machine: r.machine, session: r.session, fillPercent: Math.round(r.fill * 1000) / 10, warn: r.fill >= FILL_WARN, exported: r.exported }));
  return { site: site.name, since: o.since, machines, overlays, daemons: o.daemons, events: o.events.slice(-50) };
}

export const STATUS_TEMPLATE = 'serve/status.html.hbs';

export function renderStatusPage(status: ServeStatus, templates: TemplateSet): string {
  return renderTemplate(templates, STATUS_TEMPLATE, { ...status, events: [...status.events].reverse() });
}
