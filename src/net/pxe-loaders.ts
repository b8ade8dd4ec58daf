// Where each loader lands in the PXE tree (boot-media.md §3.3, §5); which loaders the tree needs
// and where Debian ships them is the catalogue's (media/loader-needs.ts pxeLoaderNeeds).
import type { LoaderKey } from '../media/loader-needs.js';

/** Paths relative to pxe/. shim loads `grubx64.efi` from its own dir. */
export const NET_LOADER_PATHS: Readonly<Partial<Record<LoaderKey, string>>> = {
  'ipxe-undionly': 'undionly.kpxe',
  'ipxe-efi': 'ipxe.efi',
  'ipxe-snponly': 'snponly.efi',
  shim: 'shimx64.efi',
  'grub-net-signed': 'grubx64.efi',
  'grub-pxe-core': 'grub/i386-pc/core.0',
  'grub-i386-pc-modules': 'grub/i386-pc',
};

export const GRUB_NET_CONFIG = 'grub/grub.cfg';
