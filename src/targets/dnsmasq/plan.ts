// Site → view model of dhcp/dnsmasq.conf: DHCP (full or proxy) + TFTP for the PXE tree, the
// standard iPXE chainload (landscape.md §8): PXE firmware gets undionly.kpxe or ipxe.efi by
// client-arch, iPXE itself (user-class "iPXE") gets the boot script URL, which breaks the loop.
import type { Diagnostic, Result } from '../../diagnostics/diagnostic.js';
import type { Network, Site } from '../../model/types.js';
import { fixedAddresses, parseSubnet } from '../net-addressing.js';
import { BOOT_SCRIPT, httpUrl, PXE_LOADERS, resetHookPath, tftpRoot } from '../pxe-layout.js';
import { immutableMachines } from '../san-naming.js';
import { sourceName } from '../site-index.js';
import { unsafeValue } from '../target-diagnostics.js';
import { dnsmasqProblem } from './escape.js';

export interface DnsmasqView {
  readonly site: string;
  readonly file: string;
  readonly full: boolean;
  readonly iface: string;
  readonly subnet: { readonly address: string; readonly netmask: string };
  readonly range: readonly [string, string] | null;
  readonly tftpRoot: string;
  readonly loaders: { readonly bios: string; readonly efi: string };
  readonly bootUrl: string;
  /** the hook resetting immutable overlays at every boot, when the site has any */
  readonly resetHook: string | null;
  readonly hosts: readonly { readonly mac: string; readonly ip: string | null; readonly name: string }[];
}

export function planDnsmasq(site: Site, net: Network): Result<DnsmasqView | undefined> {
  const addresses = fixedAddresses(site);
  const diagnostics: Diagnostic[] = [...addresses.diagnostics];
  const subnet = parseSubnet(net.dhcp.subnet);
  const full = net.dhcp.mode === 'full';
  const view: DnsmasqView = {
    site: site.name,
    file: sourceName(site),
    full,
    iface: net.iface,
    subnet: { address: subnet?.address ?? '', netmask: subnet?.netmask ?? '' },
    range: net.dhcp.range ?? null,
    tftpRoot: tftpRoot(net),
    loaders: PXE_LOADERS,
    bootUrl: httpUrl(net, BOOT_SCRIPT),
    resetHook: immutableMachines(site).length > 0 ? resetHookPath(net) : null,
    hosts: site.machines.map((m) => ({ mac: m.mac, ip: full ? (addresses.value.get(m.name) ?? null) : null, name: m.name })),
  };
  const values: [string, string][] = [['network.iface', view.iface], ['network.http', view.bootUrl], ['tftp root', view.tftpRoot], ...(view.resetHook ? [['dhcp-script', view.resetHook] as [string, string]] : []), ...(view.range ?? []).map((r): [string, string] => ['network.dhcp.range', r])];
  for (const host of view.hosts) values.push([`machine '${host.name}' name`, host.name], [`machine '${host.name}' MAC`, host.mac]);
  for (const [what, value] of values) {
    const problem = dnsmasqProblem(value);
    if (problem) diagnostics.push(unsafeValue('dnsmasq', what, value, problem, net.origin));
  }
  return { value: subnet ? view : undefined, diagnostics };
}
