// Site → view model of dhcp/dhcpd.conf for ISC dhcpd (dhcpd.conf(5)): the subnet, the iPXE
// chainload split by user-class and client-arch, and per machine a fixed address, the SAN root
// path of its default disk entry and `option ipxe.keep-san 1` (kentonv/lanparty, landscape.md §9),
// and for iSCSI its initiator IQN (option 203, ipxe.org/cfg/initiator-iqn): tgt admits only that
// initiator, so a machine sanbooting straight from the root path must present it.
import type { Diagnostic, Result } from '../../diagnostics/diagnostic.js';
import type { Machine, Network, Site } from '../../model/types.js';
import { fixedAddresses, parseSubnet } from '../net-addressing.js';
import { BOOT_SCRIPT, httpUrl, PXE_LOADERS } from '../pxe-layout.js';
import { sanOf } from '../../model/san.js';
import { initiatorIqn, overlayEntriesOf, sanUri } from '../san-naming.js';
import { sourceName } from '../site-index.js';
import { unsafeValue } from '../target-diagnostics.js';
import { dhcpdNameProblem } from './escape.js';

export interface DhcpdHostView {
  readonly name: string;
  readonly mac: string;
  readonly ip: string;
  readonly rootPath: string | null;
  readonly keepSan: boolean;
  readonly initiatorIqn: string | null;
}
export interface DhcpdView {
  readonly site: string;
  readonly file: string;
  readonly server: string;
  readonly subnet: { readonly address: string; readonly netmask: string };
  readonly range: readonly [string, string] | null;
  readonly loaders: { readonly bios: string; readonly efi: string };
  readonly bootUrl: string;
  readonly hosts: readonly DhcpdHostView[];
}

/** The root path names the machine's default entry when it is a disk, else its first disk. */
function rootPath(site: Site, machine: Machine): string | null {
  const disks = overlayEntriesOf(site, machine);
  const wanted = machine.default ?? site.menu.default;
  const entry = disks.find((e) => e.id === wanted) ?? disks[0];
  return entry ? sanUri(site, machine, entry) : null;
}

export function planDhcpd(site: Site, net: Network): Result<DhcpdView | undefined> {
  const addresses = fixedAddresses(site);
  const diagnostics: Diagnostic[] = [...addresses.diagnostics];
  const subnet = parseSubnet(net.dhcp.subnet);
  const hosts: DhcpdHostView[] = [];
  for (const machine of site.machines) {
    const problem = dhcpdNameProblem(machine.name);
    if (problem) diagnostics.push(unsafeValue('dhcpd', 'machine name', machine.name, problem, machine.origin));
    const ip = addresses.value.get(machine.name);
    if (ip === undefined) continue;
    const root = rootPath(site, machine);
    const san = sanOf(site, machine);
    hosts.push({ name: machine.name, mac: machine.mac, ip, rootPath: root, keepSan: san !== 'http', initiatorIqn: root !== null && san === 'iscsi' ? initiatorIqn(site, machine) : null });
  }
  const view: DhcpdView = {
    site: site.name,
    file: sourceName(site),
    server: net.server,
    subnet: { address: subnet?.address ?? '', netmask: subnet?.netmask ?? '' },
    range: net.dhcp.range ?? null,
    loaders: PXE_LOADERS,
    bootUrl: httpUrl(net, BOOT_SCRIPT),
    hosts,
  };
  return { value: subnet ? view : undefined, diagnostics };
}
