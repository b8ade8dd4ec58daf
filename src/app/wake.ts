// `bootgen wake SITE MACHINE…|--all`: a Wake-on-LAN magic packet (net/wake-packet.ts) for each
// machine, to the broadcast address of network.dhcp.subnet, sent from this server's address in
// that subnet (on --iface when given), so it leaves on the site's segment and nowhere else.
import { diag, type Diagnostic, type Result } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/did-you-mean.js';
import type { Machine, Site } from '../model/types.js';
import { broadcastAddress, inSubnet, wakePacket } from '../net/wake-packet.js';
import type { InterfaceAddress, UdpPort } from './server-ports.js';

export interface WakeRequest {
  /** machine names, in the order given */
  readonly machines: readonly string[];
  readonly all: boolean;
  readonly iface?: string | undefined;
  readonly port: number;
}

export interface WakeSent {
  readonly machine: string;
  readonly mac: string;
  readonly address: string;
  readonly port: number;
  /** the local address it was sent from, and its interface */
  readonly from: string;
  readonly iface: string;
}

/** undefined value, with the errors, when nothing was sent. */
export async function wakeMachines(site: Site, request: WakeRequest, udp: UdpPort): Promise<Result<readonly WakeSent[] | undefined>> {
  const fail = (diagnostics: readonly Diagnostic[]): Result<undefined> => ({ value: undefined, diagnostics });
  const net = site.network;
  if (!net) return fail([diag('net/no-network', 'error', 'the site has no network: section, so no subnet to wake machines in')]);
  const broadcast = broadcastAddress(net.dhcp.subnet);
  if (broadcast === undefined) return fail([diag('target/bad-subnet', 'error', `network.dhcp.subnet '${net.dhcp.subnet}' is not an IPv4 subnet with a /1–/30 prefix`, { found: net.dhcp.subnet, origin: net.origin })]);
  const chosen = chooseMachines(site, request);
  if (!chosen.value) return fail(chosen.diagnostics);
  const local = localAddress(udp.interfaces(), net.dhcp.subnet, request.iface);
  if (!local.value) return fail(local.diagnostics);
  const from = local.value;
  const sent = chosen.value.map((m): WakeSent => ({ machine: m.name, mac: m.mac, address: broadcast, port: request.port, from: from.address, iface: from.name }));
  try {
    await udp.sendDatagrams(chosen.value.map((m) => ({ bytes: wakePacket(m.mac) ?? new Uint8Array(), address: broadcast, port: request.port })), { from: from.address });
  } catch (e) {
    return fail([diag('env/wake-send-failed', 'error', `cannot send to ${broadcast}:${request.port} from ${from.address}`, { found: e instanceof Error ? e.message : String(e) })]);
  }
  return { value: sent, diagnostics: [] };
}

function chooseMachines(site: Site, request: WakeRequest): Result<readonly Machine[] | undefined> {
  if (request.all && request.machines.length > 0) return { value: undefined, diagnostics: [diag('cli/bad-option', 'error', '--all and machine names do not go together', { found: request.machines.join(' ') })] };
  if (request.all) return { value: site.machines, diagnostics: [] };
  if (request.machines.length === 0) return { value: undefined, diagnostics: [diag('cli/missing-argument', 'error', 'wake needs machine names or --all')] };
  const names = site.machines.map((m) => m.name);
  const unknown = request.machines.filter((n) => !names.includes(n));
  if (unknown.length > 0) {
    return {
      value: undefined,
      diagnostics: unknown.map((n) => {
        const near = didYouMean(n, names);
        return diag('cli/unknown-machine', 'error', `no machine ${n} in the site`, { expected: `one of ${names.join(', ') || '(no machines)'}`, found: n, ...(near ? { hint: `did you mean \`${near}\`?` } : {}) });
      }),
    };
  }
  const wanted = [...new Set(request.machines)];
  return { value: wanted.map((n) => site.machines.find((m) => m.name === n)).filter((m): m is Machine => m !== undefined), diagnostics: [] };
}

/** This server's IPv4 address in the subnet: on `iface` when given, else on the first interface by name. */
function localAddress(all: readonly InterfaceAddress[], subnet: string, iface: string | undefined): Result<InterfaceAddress | undefined> {
  const named = iface === undefined ? all : all.filter((a) => a.name === iface);
  if (iface !== undefined && named.length === 0) {
    const near = didYouMean(iface, new Set(all.map((a) => a.name)));
    return { value: undefined, diagnostics: [diag('env/no-interface', 'error', `no network interface ${iface}`, { expected: `one of ${[...new Set(all.map((a) => a.name))].join(', ')}`, found: iface, ...(near ? { hint: `did you mean \`${near}\`?` } : {}) })] };
  }
  const inside = named.filter((a) => a.family === 'IPv4' && inSubnet(a.address, subnet)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const found = inside[0];
  if (!found) {
    const where = iface === undefined ? 'no interface' : `interface ${iface}`;
    return { value: undefined, diagnostics: [diag('env/no-address-in-subnet', 'error', `${where} has an address in ${subnet}, so a broadcast would not reach the site's machines`, { expected: `an IPv4 address in ${subnet}`, found: named.filter((a) => a.family === 'IPv4').map((a) => `${a.name} ${a.address}`).join(', ') || 'none', hint: 'wake from the boot server, or give --iface the site\'s interface' })] };
  }
  return { value: found, diagnostics: [] };
}
