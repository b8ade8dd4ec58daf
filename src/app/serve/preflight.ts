// What `bootgen serve` refuses to start without (exit 3, before anything is started): root, the
// daemons' binaries (named by Debian package), a state dir dnsmasq can read and the kernel the
// overlays need (host-checks.ts), an interface with an address in the site's subnet, and, in full
// DHCP mode, a segment no other DHCP server answers on. A taken port is found when the server or
// dnsmasq tries it (env/http-port-in-use, and dnsmasq's own exit on its first start).
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Site } from '../../model/types.js';
import { siteExporters, type DaemonSpec } from '../../net/serve/daemons.js';
import { inSubnet } from '../../net/wake-packet.js';
import type { Ports } from '../ports.js';
import type { DhcpProbePort, UdpPort } from '../server-ports.js';
import { checkNoOtherDhcp } from './dhcp-check.js';
import { hostChecks } from './host-checks.js';

/** Binaries the overlays plans run, by engine and export. */
function overlayTools(site: Site): [string, string][] {
  const o = site.network?.overlays;
  if (!o || site.machines.length === 0) return [];
  const engine: [string, string][] = o.engine === 'qcow2' ? [['qemu-img', 'qemu-utils'], ['qemu-storage-daemon', 'qemu-system-common']] : [['dmsetup', 'dmsetup'], ['losetup', 'mount']];
  const exporters = siteExporters(site);
  const tgt: [string, string][] = exporters.has('tgt') ? [['tgtadm', 'tgt']] : [];
  const vblade: [string, string][] = exporters.has('vblade') ? [['vblade', 'vblade'], ['start-stop-daemon', 'dpkg']] : [];
  return [...engine, ...tgt, ...vblade];
}

/**
 * The IPv4 addresses of an interface, undefined when it does not exist. `ip -j addr` sees a link
 * that is down or has no carrier yet (a bridge before its first client), which getifaddrs-based
 * listings leave out.
 */
function ifaceAddresses(iface: string, ports: Ports, udp: UdpPort): string[] | undefined {
  const r = ports.proc.run(['ip', '-j', '-4', 'addr', 'show', 'dev', iface]);
  if (r.status === 0) {
    try {
      const links = JSON.parse(r.stdout) as { addr_info?: { local?: string }[] }[];
      return links.flatMap((l) => (l.addr_info ?? []).flatMap((a) => (a.local ? [a.local] : [])));
    } catch {
      // fall through to the interface listing
    }
  } else if (ports.proc.which('ip')) return undefined;
  const listed = udp.interfaces().filter((a) => a.name === iface);
  return listed.length ? listed.filter((a) => a.family === 'IPv4').map((a) => a.address) : undefined;
}

export interface Preflight {
  /** what refuses serve at once */
  readonly refused: readonly Diagnostic[];
  /**
   * The probe for another DHCP server (full mode, and only when nothing refused already): it
   * listens for seconds, so serve runs it while it builds the tree.
   */
  readonly otherDhcp: () => Promise<readonly Diagnostic[]>;
}

export interface PreflightInput {
  readonly specs: readonly DaemonSpec[];
  /** the built tree's dir in the state dir (dnsmasq's TFTP root lies below it) */
  readonly tree: string;
  readonly isRoot: boolean;
}

export function preflight(site: Site, input: PreflightInput, deps: { readonly ports: Ports; readonly udp: UdpPort; readonly dhcp: DhcpProbePort }): Preflight {
  const { specs, isRoot } = input;
  const { ports, udp, dhcp } = deps;
  const none = async (): Promise<readonly Diagnostic[]> => [];
  const out: Diagnostic[] = [];
  const net = site.network;
  if (!net) return { otherDhcp: none, refused: [diag('net/no-network', 'error', `site '${site.name}' has no network: section: there is nothing to serve`, { expected: 'network: {server, http, san, dhcp}', origin: site.origin })] };
  if (!isRoot) out.push(diag('env/not-root', 'error', 'bootgen serve runs DHCP (port 67), TFTP (69) and the SAN exports: it needs root', { hint: 'run it with sudo, or as the systemd unit from `bootgen serve --print-unit`' }));
  const tools: [string, string][] = [...specs.map((s): [string, string] => [s.argv[0] ?? '', s.pkg]), ...overlayTools(site)];
  for (const [tool, pkg] of tools) {
    if (!ports.proc.which(tool)) out.push(diag('env/daemon-missing', 'error', `${tool} is not installed`, { hint: `install the Debian package ${pkg}` }));
  }
  out.push(...hostChecks(site, input.tree, ports));
  const addresses = ifaceAddresses(net.iface, ports, udp);
  let otherDhcp = none;
  if (addresses === undefined) {
    out.push(diag('env/no-interface', 'error', `there is no interface ${net.iface}`, { expected: `one of ${[...new Set(udp.interfaces().map((a) => a.name))].join(', ')}`, hint: 'name it with --iface or network.iface', origin: net.origin }));
  } else {
    const from = addresses.find((a) => a === net.server) ?? addresses.find((a) => inSubnet(a, net.dhcp.subnet));
    if (from === undefined) {
      out.push(diag('env/no-address-in-subnet', 'error', `${net.iface} has no address in ${net.dhcp.subnet} (network.server is ${net.server})`, { found: addresses.join(', ') || 'no IPv4 address', hint: `ip addr add ${net.server}/${net.dhcp.subnet.split('/')[1] ?? '24'} dev ${net.iface}`, origin: net.origin }));
    } else if (out.length === 0) {
      // it needs root and the interface the checks above confirm
      otherDhcp = () => checkNoOtherDhcp(site.name, net, from, dhcp);
    }
  }
  return { refused: out, otherDhcp };
}
