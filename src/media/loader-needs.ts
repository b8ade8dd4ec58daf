// The loader catalogue (DESIGN.md "Loaders"): every loader bootgen lays out, by one key, with its
// Debian path and package, and which of them each medium (USB, ISO, PXE tree) needs. The one owner
// of these facts: app/loaders.ts finds or builds them, `bootgen loaders` reports on them, and the
// same key names a `loaders:` override in site.yaml. Pure.
import type { MediaSpec } from '../model/types.js';

export type LoaderKey =
  | 'grub-boot-img'
  | 'grub-boot-hybrid-img'
  | 'grub-core-img'
  | 'grub-eltorito-img'
  | 'grub-efi-img'
  | 'grub-efi-iso-img'
  | 'grub-i386-pc-modules'
  | 'grub-x86_64-efi-modules'
  | 'shim'
  | 'grub-signed'
  | 'ipxe-undionly'
  | 'ipxe-efi'
  | 'ipxe-snponly'
  | 'grub-net-signed'
  | 'grub-pxe-core';

export interface FileNeed {
  readonly key: LoaderKey;
  readonly kind: 'file' | 'dir';
  readonly path: string;
  readonly pkg: string;
  readonly purpose: string;
}

/** An image `grub-mkimage` builds at build time (the field's own tool; LZMA + PE relocation). */
export interface MkimageNeed {
  readonly key: LoaderKey;
  readonly kind: 'mkimage';
  readonly format: 'i386-pc' | 'i386-pc-eltorito' | 'i386-pc-pxe' | 'x86_64-efi';
  readonly prefix: string;
  readonly modules: readonly string[];
  /** embedded early config (-c) */
  readonly config: string | undefined;
  /** directory of the platform's modules */
  readonly moduleDir: string;
  readonly pkg: string;
  readonly purpose: string;
}

export type LoaderNeed = FileNeed | MkimageNeed;

const GRUB_PC = '/usr/lib/grub/i386-pc';
const GRUB_EFI = '/usr/lib/grub/x86_64-efi';
const COMMON = ['part_msdos', 'part_gpt', 'fat', 'iso9660', 'normal', 'serial', 'terminal', 'echo', 'configfile', 'test', 'search', 'search_fs_file', 'search_fs_uuid', 'search_label', 'halt', 'reboot', 'linux', 'ls', 'cat', 'loopback', 'chain'];

export const FILE_NEEDS: Readonly<Record<string, FileNeed>> = {
  bootImg: { key: 'grub-boot-img', kind: 'file', path: `${GRUB_PC}/boot.img`, pkg: 'grub-pc-bin', purpose: 'BIOS MBR code (USB)' },
  bootHybrid: { key: 'grub-boot-hybrid-img', kind: 'file', path: `${GRUB_PC}/boot_hybrid.img`, pkg: 'grub-pc-bin', purpose: 'BIOS MBR code (hybrid ISO)' },
  pcModules: { key: 'grub-i386-pc-modules', kind: 'dir', path: GRUB_PC, pkg: 'grub-pc-bin', purpose: 'GRUB BIOS modules' },
  efiModules: { key: 'grub-x86_64-efi-modules', kind: 'dir', path: GRUB_EFI, pkg: 'grub-efi-amd64-bin', purpose: 'GRUB UEFI modules' },
  shim: { key: 'shim', kind: 'file', path: '/usr/lib/shim/shimx64.efi.signed', pkg: 'shim-signed', purpose: 'Secure Boot first stage (BOOTX64.EFI)' },
  grubSigned: { key: 'grub-signed', kind: 'file', path: '/usr/lib/grub/x86_64-efi-signed/grubx64.efi.signed', pkg: 'grub-efi-amd64-signed', purpose: 'Secure Boot GRUB (grubx64.efi)' },
  ipxeUndionly: { key: 'ipxe-undionly', kind: 'file', path: '/usr/lib/ipxe/undionly.kpxe', pkg: 'ipxe', purpose: 'iPXE for BIOS PXE firmware' },
  ipxeEfi: { key: 'ipxe-efi', kind: 'file', path: '/usr/lib/ipxe/ipxe.efi', pkg: 'ipxe', purpose: 'iPXE for UEFI (own drivers)' },
  ipxeSnponly: { key: 'ipxe-snponly', kind: 'file', path: '/usr/lib/ipxe/snponly.efi', pkg: 'ipxe', purpose: 'iPXE for UEFI (firmware SNP driver)' },
  grubNetSigned: { key: 'grub-net-signed', kind: 'file', path: '/usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed', pkg: 'grub-efi-amd64-signed', purpose: 'signed GRUB for Secure Boot netboot' },
};

/** grubnetx64.efi.signed has prefix `/grub` (→ `(tftp,server)/grub`); the BIOS net image uses the same. */
export const GRUB_NET_PREFIX = '(tftp)/grub';

/** Built into the BIOS net image so its config loads without any module fetched over TFTP. */
const GRUB_PXE_MODULES = ['pxe', 'tftp', 'http', 'net', 'normal', 'serial', 'terminal', 'echo', 'test', 'linux', 'configfile', 'halt', 'reboot', 'chain', 'loopback', 'iso9660', 'sleep'];

/** The BIOS core.img for a USB stick; `partition` is GRUB's name of the ESP ('msdos1', 'gpt2'). */
export function coreImgNeed(partition: string): MkimageNeed {
  return mkimage('grub-core-img', 'i386-pc', `(,${partition})/boot/grub`, ['biosdisk', ...COMMON], undefined, 'BIOS core.img (USB)');
}

/** UEFI GRUB that finds its volume by a marker file, then reads /boot/grub/grub.cfg there. */
export function efiImgNeed(key: 'grub-efi-img' | 'grub-efi-iso-img', marker: string): MkimageNeed {
  const config = `search --no-floppy --file --set=root ${marker}\nset prefix=($root)/boot/grub\n`;
  return mkimage(key, 'x86_64-efi', '/boot/grub', ['efi_gop', 'all_video', ...COMMON], config, 'UEFI GRUB (BOOTX64.EFI)');
}

export function eltoritoNeed(): MkimageNeed {
  return mkimage('grub-eltorito-img', 'i386-pc-eltorito', '/boot/grub', ['biosdisk', ...COMMON], undefined, 'BIOS El Torito image (ISO)');
}

/** GRUB's BIOS netboot image (core.0 of grub-mknetdir). */
export function pxeCoreNeed(): MkimageNeed {
  return mkimage('grub-pxe-core', 'i386-pc-pxe', GRUB_NET_PREFIX, GRUB_PXE_MODULES, undefined, 'GRUB BIOS netboot image (i386-pc-pxe)');
}

/** The PXE tree: iPXE for both firmwares, shim + signed GRUB for Secure Boot, GRUB for BIOS. */
export function pxeLoaderNeeds(): LoaderNeed[] {
  const f = FILE_NEEDS;
  return [f.ipxeUndionly!, f.ipxeEfi!, f.ipxeSnponly!, f.shim!, f.grubNetSigned!, pxeCoreNeed(), f.pcModules!];
}

function mkimage(key: LoaderKey, format: MkimageNeed['format'], prefix: string, modules: string[], config: string | undefined, purpose: string): MkimageNeed {
  const efi = format === 'x86_64-efi';
  return { key, kind: 'mkimage', format, prefix, modules, config, moduleDir: efi ? GRUB_EFI : GRUB_PC, pkg: efi ? 'grub-efi-amd64-bin' : 'grub-pc-bin', purpose };
}

/** Marker file GRUB searches for; unique per site so a second stick or disk is never picked. */
export const markerPath = (siteId: string): string => `/.disk/bootgen-${siteId}`;

export function gptEspPartition(table: 'gpt' | 'mbr' | 'hybrid'): string {
  return table === 'mbr' ? 'msdos1' : 'gpt2';
}

/** Everything the USB and ISO media of `spec` need; `siteId` names the marker file. */
export function loaderNeeds(spec: MediaSpec, siteId: string): LoaderNeed[] {
  const needs: LoaderNeed[] = [];
  const usb = spec.usb;
  if (usb?.firmware.includes('bios')) needs.push(FILE_NEEDS.bootImg!, FILE_NEEDS.pcModules!, coreImgNeed(gptEspPartition(usb.table)));
  if (usb?.firmware.includes('uefi')) {
    if (usb.secureBoot) needs.push(FILE_NEEDS.shim!, FILE_NEEDS.grubSigned!);
    else needs.push(efiImgNeed('grub-efi-img', markerPath(siteId)), FILE_NEEDS.efiModules!);
  }
  const iso = spec.iso;
  if (iso?.firmware.includes('bios')) needs.push(FILE_NEEDS.bootHybrid!, FILE_NEEDS.pcModules!, eltoritoNeed());
  if (iso?.firmware.includes('uefi')) needs.push(efiImgNeed('grub-efi-iso-img', markerPath(siteId)), FILE_NEEDS.efiModules!);
  const seen = new Set<string>();
  return needs.filter((n) => (seen.has(n.key) ? false : (seen.add(n.key), true)));
}
