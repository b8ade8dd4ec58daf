// Where network-boot files live: the PXE tree served by TFTP (loaders) and HTTP (scripts, kernels,
// ISOs, WinPE). iPXE scripts and DHCP configs name these paths; the PXE media writer places files
// at the same paths, so both import them from here.
import { posix } from 'node:path';
import type { Machine, Network } from '../model/types.js';

/** TFTP file names, relative to the tftp root (Debian package ipxe, /usr/lib/ipxe/). */
export const PXE_LOADERS = { bios: 'undionly.kpxe', efi: 'ipxe.efi' } as const;

/** The site menu every iPXE client chains first. */
export const BOOT_SCRIPT = 'ipxe/boot.ipxe';

/** `52-54-00-00-00-01`: the form of iPXE's `${mac:hexhyp}`. */
export function macHyphens(mac: string): string {
  return mac.toLowerCase().replaceAll(':', '-');
}

export function machineScript(machine: Machine): string {
  return `ipxe/machines/${macHyphens(machine.mac)}.ipxe`;
}

/** wimboot (ipxe.org/wimboot) and the files it presents to bootmgr, per WinPE entry. */
export const WIMBOOT = 'wimboot';
export function wimFile(entryId: string, name: 'bootmgr' | 'BCD' | 'boot.sdi' | 'boot.wim'): string {
  return `wim/${entryId}/${name}`;
}

/** A file read out of an ISO image (iPXE cannot look inside one): `iso/<image id>/<path>`. */
export function isoFile(imageId: string, path: string): string {
  return `iso/${imageId}/${path.replace(/^\/+/, '')}`;
}

/** A site file (image, ISO, kernel) keeps its site-relative path in the tree. */
export function siteFile(path: string): string {
  return path.replace(/^\/+/, '');
}

export function httpUrl(network: Network, path: string): string {
  return `${network.http}/${path}`;
}

/** Where the out dir is deployed on the server: the parent of the overlay directory. */
function serverRoot(network: Network): string {
  return network.root ?? posix.dirname(network.overlays.dir.replace(/\/+$/, ''));
}

/** The tftp root on the server: `pxe/` beside the overlay directory (e.g. /srv/bootgen/pxe). */
export function tftpRoot(network: Network): string {
  return posix.join(serverRoot(network), 'pxe');
}

/** The DHCP hook that resets immutable overlays, relative to the out dir. */
export const RESET_HOOK_PATH = 'hooks/bootgen-dhcp-hook.sh';

/** The hook on the server, as dnsmasq's `dhcp-script=` names it. */
export function resetHookPath(network: Network): string {
  return posix.join(serverRoot(network), RESET_HOOK_PATH);
}
