// Which SAN protocol a machine boots its disks over: its own `san:`, else the site's
// (network.san). One owner, because the iPXE URIs, the DHCP root paths, the overlay exports and
// the chain checks for HTTP SAN all follow it.
import type { Machine, San, Site } from './types.js';

export function sanOf(site: Site, machine: Machine): San {
  return machine.san ?? site.network?.san ?? 'iscsi';
}
