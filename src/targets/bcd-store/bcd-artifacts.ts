// What Windows boot puts on a medium or in the PXE tree: BCD stores (bytes, as artifacts) and the
// files they name (copies the media/PXE writers make). Pure; app/ checks that the files exist.
// Paths are POSIX, relative to the medium or PXE tree root.
import { dedupeDiagnostics, hasErrors, type Diagnostic, type Result } from '../../diagnostics/diagnostic.js';

import type { Entry, Firmware, Site } from '../../model/types.js';
import { wimFile } from '../pxe-layout.js';
import type { Artifact } from '../types.js';
import type { BcdParent } from '../../formats/bcd/types.js';
import { loaderSource, missingLoader, type WindowsLoader } from './boot-files.js';
import { buildBcdStore, isBcdEntry, type BcdBuildOptions } from './build-store.js';
import { BOOTMGFW_PATH, SDI_PATH, toPosix, vhdPath, wimPath } from './paths.js';
import { writeBcdStore } from '../../formats/bcd/store-bytes.js';

export type WindowsFileRole = WindowsLoader | 'wim' | 'vhd';

export interface WindowsFileCopy {
  readonly role: WindowsFileRole;
  /** as configured: relative to the site directory (or absolute for loaders.windows) */
  readonly source: string;
  readonly target: string;
  /** the entry that needs it (wim, vhd) */
  readonly entry?: string;
}

export interface WindowsBootPlan {
  /** kind 'bcd-store' */
  readonly stores: readonly Artifact[];
  readonly copies: readonly WindowsFileCopy[];
}

/** Where BIOS bootmgr and UEFI bootmgfw.efi read their store on a medium. */
export const MEDIA_BCD: Readonly<Record<Firmware, string>> = { uefi: 'EFI/Microsoft/Boot/BCD', bios: 'boot/BCD' };
export const MEDIA_BOOTMGR = 'bootmgr';
export const MEDIA_BOOTMGFW = toPosix(BOOTMGFW_PATH);
export const MEDIA_BOOT_SDI = toPosix(SDI_PATH);

const EMPTY: Result<WindowsBootPlan> = { value: { stores: [], copies: [] }, diagnostics: [] };

/** USB/ISO: one store per firmware, bootmgr/bootmgfw.efi/boot.sdi, each WinPE wim and each VHD chain. */
/** `parent`: the device holding the VHDs and WIMs per firmware (a stick's data partition); default the boot device. */
export function planWindowsMedia(site: Site, options: { firmware: readonly Firmware[]; medium: string; parent?: (firmware: Firmware) => BcdParent | undefined }): Result<WindowsBootPlan> {
  const entries = site.entries.filter(isBcdEntry);
  if (entries.length === 0) return EMPTY;
  const diagnostics: Diagnostic[] = [];
  const stores: Artifact[] = [];
  for (const firmware of [...new Set(options.firmware)].sort()) {
    const parent = options.parent?.(firmware);
    const r = storeArtifact(site, MEDIA_BCD[firmware], { firmware, ...(parent ? { parent } : {}) });
    diagnostics.push(...r.diagnostics);
    if (r.value) stores.push(r.value);
  }
  const needs: [WindowsLoader, string, boolean][] = [
    ['bootmgr', MEDIA_BOOTMGR, options.firmware.includes('bios')],
    ['bootmgfw', MEDIA_BOOTMGFW, options.firmware.includes('uefi')],
    ['bootSdi', MEDIA_BOOT_SDI, entries.some((e) => e.boot.kind === 'wim')],
  ];
  const copies: WindowsFileCopy[] = [];
  for (const [loader, target, needed] of needs) {
    if (!needed) continue;
    const source = loaderSource(site, loader);
    // without loaders.windows the grub target leaves the entries out and says why, once
    if (source === undefined && site.loaders.windows !== undefined) diagnostics.push(missingLoader(site, loader, { needed: 'Windows entries on the media' }));
    else if (source !== undefined) copies.push({ role: loader, source, target });
  }
  for (const entry of entries) copies.push(...payloadCopies(site, entry));
  return { value: { stores, copies }, diagnostics };
}

/** PXE: per WinPE entry `wim/<id>/` with BCD, bootmgr, boot.sdi and boot.wim for wimboot. */
export function planWindowsPxe(site: Site): Result<WindowsBootPlan> {
  const entries = site.entries.filter((e) => e.boot.kind === 'wim');
  const diagnostics: Diagnostic[] = [];
  const stores: Artifact[] = [];
  const copies: WindowsFileCopy[] = [];
  for (const entry of entries) {
    // wimboot serves its files as \boot\… and \sources\…, and turns .exe into .efi under UEFI
    // (its efi_patch_bcd), so one BIOS-flavoured store serves both firmwares.
    const r = storeArtifact(site, wimFile(entry.id, 'BCD'), { firmware: 'bios', entries: [entry.id], wimPath: () => '\\sources\\boot.wim' });
    diagnostics.push(...r.diagnostics);
    if (r.value) stores.push(r.value);
    for (const [loader, name] of [['bootmgr', 'bootmgr'], ['bootSdi', 'boot.sdi']] as const) {
      const source = loaderSource(site, loader);
      if (source === undefined) diagnostics.push(missingLoader(site, loader, { needed: `WinPE entry ${entry.id} over the network (wimboot)` }));
      else copies.push({ role: loader, source, target: wimFile(entry.id, name), entry: entry.id });
    }
    if (entry.boot.kind === 'wim') copies.push({ role: 'wim', source: entry.boot.wim, target: wimFile(entry.id, 'boot.wim'), entry: entry.id });
  }
  return { value: { stores, copies }, diagnostics: dedupeDiagnostics(diagnostics) };
}

function storeArtifact(site: Site, path: string, options: BcdBuildOptions): Result<Artifact | undefined> {
  const r = buildBcdStore(site, options);
  if (hasErrors(r.diagnostics) || r.value.objects.length === 0) return { value: undefined, diagnostics: r.diagnostics };
  return { value: { kind: 'bcd-store', path, content: writeBcdStore(r.value, { epoch: site.epoch }) }, diagnostics: r.diagnostics };
}

/** The wim of a WinPE entry, or the VHD of a Windows entry with every parent of its chain. */
function payloadCopies(site: Site, entry: Entry): WindowsFileCopy[] {
  if (entry.boot.kind === 'wim') return [{ role: 'wim', source: entry.boot.wim, target: toPosix(wimPath(entry.id)), entry: entry.id }];
  if (entry.boot.kind !== 'disk') return [];
  const out: WindowsFileCopy[] = [];
  const seen = new Set<string>();
  for (let id: string | undefined = entry.boot.disk; id !== undefined && !seen.has(id); ) {
    seen.add(id);
    const image = site.images.find((i) => i.id === id);
    if (!image) break;
    out.push({ role: 'vhd', source: image.path, target: toPosix(vhdPath(image.path)), entry: entry.id });
    id = image.parent;
  }
  return out;
}
