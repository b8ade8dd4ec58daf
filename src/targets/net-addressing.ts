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

/** Machine name → fixed IPv4 address; errors when an address is malformed, misplaced or runs out. */
export function fixedAddresses(site: Site): Result<ReadonlyMap<string, string>> {
  const cached = cache.get(site);
  if (cached) return cached;
  const result = assign(site);
  cache.set(site, result);
  return result;
}

function assign(site: Site): Result<ReadonlyMap<string, string>> {
  const net = site.network;
  const out = new Map<string, string>();
  if (!net) return { value: out, diagnostics: [] };
  const subnet = parseSubnet(net.dhcp.subnet);
  const bad = badAddresses(net);
  if (!subnet) return { value: out, diagnostics: [badSubnet(net), ...bad] };
  if (bad.length) return { value: out, diagnostics: bad };
  const server = ipToInt(net.server) ?? -1;
  const [lo, hi] = (net.dhcp.range ?? []).map((a) => ipToInt(a) ?? -1);
  const inRange = (n: number): boolean => lo !== undefined && hi !== undefined && n >= lo && n <= hi;
  const inSubnet = (n: number): boolean => n > subnet.first && n < subnet.last;
  const diagnostics = placement(net, subnet, { server, lo, hi });
  const used = new Map<number, string>([[server, 'the server']]);
  for (const m of site.machines) {
    if (m.ip === undefined) continue;
    const n = ipToInt(m.ip) ?? -1;
    const why = !inSubnet(n) ? `is outside network.dhcp.subnet ${net.dhcp.subnet} (or its network or broadcast address)` : inRange(n) ? 'is inside network.dhcp.range, which DHCP hands to unknown clients' : used.has(n) ? `is taken by ${used.get(n)}` : undefined;
    if (why) diagnostics.push(diag('target/address-conflict', 'error', `machine '${m.name}': ip ${m.ip} ${why}`, { expected: `a free address of ${net.dhcp.subnet}`, found: m.ip, origin: m.origin }));
    used.set(n, `machine '${m.name}'`);
    out.set(m.name, m.ip);
  }
  let next = subnet.first + 1;
  for (const machine of site.machines) {
    if (machine.ip !== undefined) continue;
    while (next < subnet.last && (used.has(next) || inRange(next))) next++;
    if (next >= subnet.last) {
      const message = `network.dhcp.subnet ${net.dhcp.subnet} has no free address left for machine '${machine.name}' (${site.machines.length} machines, outside the server and dynamic range)`;
      return { value: out, diagnostics: [...diagnostics, diag('target/subnet-full', 'error', message, { hint: 'use a larger subnet or a smaller dynamic range', origin: net.origin })] };
    }
    out.set(machine.name, intToIp(next++));
  }
  return { value: out, diagnostics };
}

/** The server and the dynamic range must lie inside the subnet, the range in order and clear of the server. */
function placement(net: Network, subnet: Subnet, at: { server: number; lo: number | undefined; hi: number | undefined }): Diagnostic[] {
  const out: Diagnostic[] = [];
  const inside = (n: number): boolean => n > subnet.first && n < subnet.last;
  const outside = (what: string, value: string): Diagnostic =>
    diag('target/address-conflict', 'error', `${what} ${value} is outside network.dhcp.subnet ${net.dhcp.subnet} (or is its network or broadcast address)`, {
      expected: `a host address of ${net.dhcp.subnet}`, found: value, origin: net.origin,
    });
  if (!inside(at.server)) out.push(outside('network.server', net.server));
  const range = net.dhcp.range;
  if (range && at.lo !== undefined && at.hi !== undefined) {
    range.forEach((a, i) => { if (!inside(ipToInt(a) ?? -1)) out.push(outside(`network.dhcp.range[${i}]`, a)); });
    if (at.lo > at.hi) out.push(diag('target/address-conflict', 'error', `network.dhcp.range ${range.join(' – ')} ends before it starts`, { expected: 'the lower address first', origin: net.origin }));
    else if (at.server >= at.lo && at.server <= at.hi) out.push(diag('target/address-conflict', 'error', `network.server ${net.server} is inside network.dhcp.range: DHCP would hand it to a client`, { expected: 'a range that leaves the server out', origin: net.origin }));
  }
  return out;
}
