// IPv4 subnet arithmetic and the machines' fixed addresses. A machine gets the next free host
// address of network.dhcp.subnet in site order, skipping the network and broadcast addresses,
// the server and the dynamic range, so dnsmasq and dhcpd hand out the same address.
import { diag, type Diagnostic, type Result } from '../diagnostics/diagnostic.js';
import type { Network, Site } from '../model/types.js';

export interface Subnet {
  readonly address: string;
  readonly netmask: string;
  readonly first: number;
  readonly last: number;
}

export function ipToInt(ip: string): number | undefined {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return undefined;
  return parts.reduce((n, p) => n * 256 + Number(p), 0);
}

export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

export function parseSubnet(cidr: string): Subnet | undefined {
  const [ip, bits] = cidr.split('/');
  const base = ipToInt(ip ?? '');
  const prefix = Number(bits);
  if (base === undefined || !/^\d+$/.test(bits ?? '') || prefix < 1 || prefix > 30) return undefined;
  const size = 2 ** (32 - prefix);
  const first = base - (base % size);
  return { address: intToIp(first), netmask: intToIp(2 ** 32 - size), first, last: first + size - 1 };
}

function badSubnet(net: Network): Diagnostic {
  return diag('target/bad-subnet', 'error', `network.dhcp.subnet '${net.dhcp.subnet}' is not an IPv4 subnet with a /1–/30 prefix`, { expected: 'e.g. 10.0.0.0/24', found: net.dhcp.subnet, origin: net.origin });
}

/** The server and range go into DHCP configs unquoted, so they must be IPv4 addresses. */
function badAddresses(net: Network): Diagnostic[] {
  const fields: [string, string][] = [['network.server', net.server], ...(net.dhcp.range ?? []).map((a, i): [string, string] => [`network.dhcp.range[${i}]`, a])];
  return fields
    .filter(([, value]) => ipToInt(value) === undefined)
    .map(([what, value]) => diag('target/bad-address', 'error', `${what} '${value}' is not an IPv4 address`, { expected: 'a dotted quad such as 10.0.0.1', found: value, origin: net.origin }));
}

const cache = new WeakMap<Site, Result<ReadonlyMap<string, string>>>();

/** Machine name → fixed IPv4 address; errors when the subnet is malformed or runs out. */
export function fixedAddresses(site: Site): Result<ReadonlyMap<string, string>> {
  const cached = cache.get(site);
  if (cached) return cached;
  const net = site.network;
  const out = new Map<string, string>();
  const subnet = net ? parseSubnet(net.dhcp.subnet) : undefined;
  const bad = net ? badAddresses(net) : [];
  let result: Result<ReadonlyMap<string, string>> = { value: out, diagnostics: net && !subnet ? [badSubnet(net), ...bad] : bad };
  if (net && subnet && bad.length === 0) {
    const server = ipToInt(net.server);
    const [lo, hi] = (net.dhcp.range ?? []).map((a) => ipToInt(a) ?? -1);
    const taken = (n: number): boolean => n === server || (lo !== undefined && hi !== undefined && n >= lo && n <= hi);
    let next = subnet.first + 1;
    for (const machine of site.machines) {
      while (next < subnet.last && taken(next)) next++;
      if (next >= subnet.last) {
        const message = `network.dhcp.subnet ${net.dhcp.subnet} has no free address left for machine '${machine.name}' (${site.machines.length} machines, outside the server and dynamic range)`;
        result = { value: out, diagnostics: [diag('target/subnet-full', 'error', message, { hint: 'use a larger subnet or a smaller dynamic range', origin: net.origin })] };
        break;
      }
      out.set(machine.name, intToIp(next++));
    }
  }
  cache.set(site, result);
  return result;
}
