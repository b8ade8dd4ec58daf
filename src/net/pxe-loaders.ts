// Loader files of a PXE tree and where Debian ships them (boot-media.md §3.3, §5). iPXE for the
// firmware chainload; shim + signed grubnetx64 for Secure Boot netboot; a GRUB i386-pc-pxe image
// (grub-mkimage, the field's own tool) for BIOS netboot into GRUB.
// TODO(lead): fold these into media/loader-needs.ts keys once that file is committed.

export type NetLoaderKey = 'ipxe-undionly' | 'ipxe-efi' | 'ipxe-snponly' | 'shim' | 'grub-net-signed' | 'grub-pxe-core' | 'grub-pc-modules';

export interface NetLoaderNeed {
  readonly key: NetLoaderKey;
  readonly kind: 'file' | 'dir' | 'mkimage';
  /** the Debian file or module directory */
  readonly path: string;
  readonly pkg: string;
  readonly purpose: string;
}

const GRUB_PC = '/usr/lib/grub/i386-pc';

export const NET_LOADERS: readonly NetLoaderNeed[] = [
  { key: 'ipxe-undionly', kind: 'file', path: '/usr/lib/ipxe/undionly.kpxe', pkg: 'ipxe', purpose: 'iPXE for BIOS PXE firmware' },
  { key: 'ipxe-efi', kind: 'file', path: '/usr/lib/ipxe/ipxe.efi', pkg: 'ipxe', purpose: 'iPXE for UEFI (own drivers)' },
  { key: 'ipxe-snponly', kind: 'file', path: '/usr/lib/ipxe/snponly.efi', pkg: 'ipxe', purpose: 'iPXE for UEFI (firmware SNP driver)' },
  { key: 'shim', kind: 'file', path: '/usr/lib/shim/shimx64.efi.signed', pkg: 'shim-signed', purpose: 'Secure Boot first stage' },
  { key: 'grub-net-signed', kind: 'file', path: '/usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed', pkg: 'grub-efi-amd64-signed', purpose: 'signed GRUB for Secure Boot netboot' },
  { key: 'grub-pxe-core', kind: 'mkimage', path: GRUB_PC, pkg: 'grub-pc-bin', purpose: 'GRUB BIOS netboot image (i386-pc-pxe)' },
  { key: 'grub-pc-modules', kind: 'dir', path: GRUB_PC, pkg: 'grub-pc-bin', purpose: 'GRUB BIOS modules for insmod over TFTP' },
];

/** Where each loader lands in the tree (relative to pxe/). shim loads `grubx64.efi` from its own dir. */
export const NET_LOADER_PATHS: Readonly<Record<Exclude<NetLoaderKey, 'grub-pc-modules'>, string>> = {
  'ipxe-undionly': 'undionly.kpxe',
  'ipxe-efi': 'ipxe.efi',
  'ipxe-snponly': 'snponly.efi',
  shim: 'shimx64.efi',
  'grub-net-signed': 'grubx64.efi',
  'grub-pxe-core': 'grub/i386-pc/core.0',
};

/** grubnetx64.efi.signed has prefix `/grub` (→ `(tftp,server)/grub`); the BIOS image uses the same. */
export const GRUB_NET_PREFIX = '(tftp)/grub';
export const GRUB_NET_CONFIG = 'grub/grub.cfg';
export const GRUB_PC_MODULE_DIR = 'grub/i386-pc';

/** Built into the BIOS image so the config loads without any module fetched over TFTP. */
export const GRUB_PXE_MODULES = ['pxe', 'tftp', 'http', 'net', 'normal', 'serial', 'terminal', 'echo', 'test', 'linux', 'configfile', 'halt', 'reboot', 'chain', 'loopback', 'iso9660', 'sleep'];
