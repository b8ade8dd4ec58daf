// The one naming scheme for network-booted disks: every machine gets one copy-on-write overlay per
// disk entry, exported over iSCSI (an IQN, RFC 3720 §3.2.6.3.1), AoE (shelf.slot, as vblade is
// started) or HTTP. iPXE scripts, DHCP root paths and the overlay plans (src/net/) all call these,
// so a sanboot URI and the export behind it cannot disagree.
import { InternalError } from '../diagnostics/errors.js';
import { sanOf } from '../model/san.js';
import type { DiskBoot, Entry, Machine, Site } from '../model/types.js';
import { httpUrl } from './pxe-layout.js';
import { siteIndex } from './site-index.js';

export type OverlayEntry = Entry & { readonly boot: DiskBoot };

/** The entries of a machine that boot a disk through an overlay (snapshot sessions have none). */
export function overlayEntriesOf(site: Site, machine: Machine): readonly OverlayEntry[] {
  return siteIndex(site)
    .machineEntries(machine)
    .filter((e): e is OverlayEntry => e.boot.kind === 'disk' && e.boot.session !== 'snapshot');
}

/**
 * The daemon that exports a machine's overlays: tgt speaks iSCSI, vblade AoE. A machine on the
 * site's protocol uses network.overlays.export (the model rule san-export keeps it the matching one);
 * one that names its own protocol gets that protocol's exporter.
 */
export function exportOf(site: Site, machine: Machine): 'tgt' | 'vblade' {
  const san = sanOf(site, machine);
  if (machine.san === undefined || san === 'http') return site.network?.overlays.export ?? 'tgt';
  return san === 'aoe' ? 'vblade' : 'tgt';
}

/** The machines that boot at least one disk through an overlay. */
export function overlayMachines(site: Site): readonly Machine[] {
  return site.machines.filter((m) => overlayEntriesOf(site, m).length > 0);
}

/** Machines (name, MAC) with at least one immutable overlay, in manifest order: the ones whose
 * overlays the DHCP hook resets at every boot. */
export function immutableMachines(site: Site): readonly { readonly name: string; readonly mac: string }[] {
  return site.machines
    .filter((m) => overlayEntriesOf(site, m).some((e) => e.boot.session === 'immutable'))
    .map((m) => ({ name: m.name, mac: m.mac }));
}

/** `<machine>-<entry>`: overlay file and device names (src/net/overlay-layout.ts uses the same). */
export function overlayName(_site: Site, machine: Machine, entry: Entry): string {
  return `${machine.name}-${entry.id}`;
}

/** IQNs allow lower-case letters, digits, `-`, `.` and `:` (RFC 3722 stringprep profile). */
function iqnPart(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9.-]/g, '-');
}

/** `iqn.<yyyy-mm of the site epoch>.bootgen.<site>`: the naming authority of every IQN of a site. */
function iqnAuthority(site: Site): string {
  const month = new Date(site.epoch * 1000).toISOString().slice(0, 7);
  return `iqn.${month}.bootgen.${iqnPart(site.name)}`;
}

/** Target IQN of one overlay: `iqn.<yyyy-mm of the site epoch>.bootgen.<site>:<machine>-<entry>` */
export function iqnFor(site: Site, machine: Machine, entry: Entry): string {
  return `${iqnAuthority(site)}:${iqnPart(overlayName(site, machine, entry))}`;
}

/**
 * The initiator IQN a machine logs in with: `iqn.<yyyy-mm>.bootgen.<site>.initiator:<machine>`.
 * The iPXE script sets it (`set initiator-iqn`) before sanboot and tgt binds each of the machine's
 * targets to it, so a machine reaches only its own overlays. Its own `.initiator` authority keeps it
 * apart from every target IQN, whatever the machine and entry names.
 */
export function initiatorIqn(site: Site, machine: Machine): string {
  return `${iqnAuthority(site)}.initiator:${iqnPart(machine.name)}`;
}

const slots = new WeakMap<Site, Map<string, number>>();

function slotIndex(site: Site, machine: Machine, entry: Entry): number {
  let map = slots.get(site);
  if (!map) {
    map = new Map();
    for (const m of site.machines) for (const e of overlayEntriesOf(site, m)) map.set(`${m.name}\u0000${e.id}`, map.size);
    slots.set(site, map);
  }
  const index = map.get(`${machine.name}\u0000${entry.id}`);
  if (index === undefined) throw new InternalError(`no overlay for machine '${machine.name}' entry '${entry.id}'`);
  return index;
}

/** AoE slots are 0–254 (255 is the broadcast slot); the site's shelf fills first, then the next. */
export const AOE_SLOTS_PER_SHELF = 255;

/** Shelf and slot in site order of (machine, overlay entry); `vblade <shelf> <slot> <if> <dev>`. */
export function aoeAddress(site: Site, machine: Machine, entry: Entry): { readonly shelf: number; readonly slot: number } {
  const index = slotIndex(site, machine, entry);
  const shelf = (site.network?.aoeShelf ?? 0) + Math.floor(index / AOE_SLOTS_PER_SHELF);
  return { shelf, slot: index % AOE_SLOTS_PER_SHELF };
}

/**
 * The SAN URI iPXE boots (ipxe.org/sanuri). iSCSI follows RFC 4173 `iscsi:<server>:<proto>:<port>:
 * <lun>:<iqn>`; tgt reserves LUN 0 for its controller, so its disks are LUN 1.
 */
export function sanUri(site: Site, machine: Machine, entry: Entry): string {
  const net = site.network;
  if (!net) throw new InternalError('sanUri needs a network: section');
  switch (sanOf(site, machine)) {
    case 'iscsi': {
      const lun = exportOf(site, machine) === 'tgt' ? '1' : '';
      return `iscsi:${net.server}:::${lun}:${iqnFor(site, machine, entry)}`;
    }
    case 'aoe': {
      const { shelf, slot } = aoeAddress(site, machine, entry);
      return `aoe:e${shelf}.${slot}`;
    }
    case 'http':
      return httpUrl(net, `san/${overlayName(site, machine, entry)}.img`);
  }
}
