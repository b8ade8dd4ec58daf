// The event stream of `bootgen serve`: one line per DHCP lease, file fetch (TFTP and HTTP), SAN
// login, reset and daemon restart, naming the machine. Parsed from what the daemons log
// (dnsmasq --log-dhcp, its TFTP lines) and what the HTTP server reports. Pure.
import type { Site } from '../../model/types.js';
import { fixedAddresses } from '../../targets/net-addressing.js';

export type ServeEventKind = 'lease' | 'fetch' | 'san-login' | 'reset' | 'daemon' | 'serve';

export interface ServeEvent {
  /** ISO time */
  readonly at: string;
  readonly kind: ServeEventKind;
  readonly machine?: string;
  readonly mac?: string;
  readonly ip?: string;
  readonly detail: string;
}

/** An event before serve stamps it (serve gives every source's events one clock). */
export type ServeEventBody = Omit<ServeEvent, 'at'>;

export interface MachineIndex {
  byMac(mac: string): string | undefined;
  byIp(ip: string): { name: string; mac: string } | undefined;
}

export function machineIndex(site: Site, leases: ReadonlyMap<string, string> = new Map()): MachineIndex {
  const fixed = fixedAddresses(site).value;
  const byMac = new Map(site.machines.map((m) => [m.mac, m.name]));
  const byIp = new Map<string, { name: string; mac: string }>();
  for (const m of site.machines) {
    const ip = fixed.get(m.name);
    if (ip) byIp.set(ip, { name: m.name, mac: m.mac });
  }
  for (const [ip, mac] of leases) {
    const name = byMac.get(mac);
    if (name) byIp.set(ip, { name, mac });
  }
  return { byMac: (mac) => byMac.get(mac.toLowerCase()), byIp: (ip) => byIp.get(ip) };
}

const DHCPACK = /dnsmasq-dhcp\[\d+\]: (?:\d+ )?DHCPACK\([^)]*\) (\d+\.\d+\.\d+\.\d+) ([0-9a-f:]{17})(?: (\S+))?/i;
const PROXY = /dnsmasq-dhcp\[\d+\]: (?:\d+ )?PXE\([^)]*\) (?:(\d+\.\d+\.\d+\.\d+) )?([0-9a-f:]{17}) proxy/i;
const TFTP = /dnsmasq-tftp\[\d+\]: (?:\d+ )?sent (\S+) to (\d+\.\d+\.\d+\.\d+)/;

/** One dnsmasq log line as an event, or undefined when it is none of ours. */
export function dnsmasqEvent(line: string, machines: MachineIndex, treeRoot: string): ServeEventBody | undefined {
  const ack = DHCPACK.exec(line);
  if (ack?.[1] && ack[2]) {
    const mac = ack[2].toLowerCase();
    return { kind: 'lease', ...named(machines.byMac(mac)), mac, ip: ack[1], detail: `lease ${ack[1]}` };
  }
  const proxy = PROXY.exec(line);
  if (proxy?.[2]) {
    const mac = proxy[2].toLowerCase();
    return { kind: 'lease', ...named(machines.byMac(mac)), mac, ...(proxy[1] ? { ip: proxy[1] } : {}), detail: 'proxyDHCP boot offer' };
  }
  const tftp = TFTP.exec(line);
  if (tftp?.[1] && tftp[2]) {
    const who = machines.byIp(tftp[2]);
    const file = tftp[1].startsWith(`${treeRoot}/`) ? tftp[1].slice(treeRoot.length + 1) : tftp[1];
    return { kind: 'fetch', ...(who ? { machine: who.name, mac: who.mac } : {}), ip: tftp[2], detail: `tftp ${file}` };
  }
  return undefined;
}

export function httpEvent(e: { path: string; status: number; bytes: number; remote: string }, machines: MachineIndex): ServeEventBody {
  const ip = e.remote.replace(/^::ffff:/, '');
  const who = machines.byIp(ip);
  return { kind: 'fetch', ...(who ? { machine: who.name, mac: who.mac } : {}), ip, detail: `http ${e.path} ${e.status} ${e.bytes} B` };
}

const named = (name: string | undefined): { machine?: string } => (name ? { machine: name } : {});

/** `cutman 52:54:00:00:00:01 lease 10.0.0.2`, `- - daemon dnsmasq restarted (exit 1)`. */
export function eventLine(e: ServeEvent): string {
  return `${e.at} ${e.machine ?? '-'} ${e.mac ?? '-'} ${e.kind} ${e.detail}`;
}
