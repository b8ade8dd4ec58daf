// Site → view model of the upstream GRUB 2 menu (templates/grub/grub.cfg.hbs). All decisions and
// diagnostics live here; the template only lays the text out (DESIGN.md "What an entry becomes").
import type { Diagnostic, Result } from '../../diagnostics/diagnostic.js';
import type { CdromBoot, DiskBoot, Entry, LinuxBoot, Site } from '../../model/types.js';
import { MEDIA_BOOTMGFW, MEDIA_BOOTMGR } from '../bcd-store/bcd-artifacts.js';
import { DATA_VARIABLE, dataDevicePath, dataVolume, onDataPartition } from '../data-partition.js';
import { siteIndex, sourceName } from '../site-index.js';
import { defaultUnavailable, ignoredPart, unsafeValue, unsupportedEntry } from '../target-diagnostics.js';
import type { TargetKind } from '../types.js';
import { splitKernelArgs, type GrubWord } from './escape.js';
import { mediumPath, mediumRoot, type MediumRoot } from './medium.js';

/** Where the media carry the user's Windows boot managers (loaders.windows): bcd-artifacts.ts places them. */
const WINDOWS_BOOTMGR = `/${MEDIA_BOOTMGR}`;
const WINDOWS_BOOTMGFW = `/${MEDIA_BOOTMGFW}`;

export interface LinuxView {
  /** the ISO to loop-mount, on the data partition when the stick has one */
  readonly iso: GrubWord | null;
  /** its path on its volume (what `iso_path` tells the kernel's ISO finder) */
  readonly isoPath: string | null;
  readonly kernel: GrubWord;
  readonly args: readonly string[];
  readonly initrds: readonly GrubWord[];
}
export interface GrubEntryView {
  readonly id: string;
  readonly title: string;
  /** partial that writes the body: grub/linux, grub/cdrom, grub/windows, grub/raw, vboot/disk */
  readonly body: string;
  readonly linux: LinuxView | null;
  readonly cdrom: { readonly iso: GrubWord; readonly isoPath: string; readonly config: string } | null;
  readonly windows: { readonly bootmgr: string | null; readonly bootmgfw: string | null } | null;
  readonly raw: readonly string[] | null;
}
export interface GrubMenuView {
  readonly site: string;
  readonly file: string;
  readonly title: string;
  readonly serial: { readonly unit: number; readonly speed: number } | null;
  readonly root: MediumRoot;
  /** the data partition the header finds (media.usb.data) */
  readonly data: { readonly variable: string; readonly uuid: string; readonly module: string } | null;
  readonly timeout: number;
  readonly default: string | null;
}

const EMPTY = { linux: null, cdrom: null, windows: null, raw: null } as const;

/** Raw `grub:` text as lines; a `raw` body is written verbatim. */
export function rawLines(text: string): readonly string[] {
  return text.replace(/\n+$/, '').split('\n');
}

export function linuxView(site: Site, boot: LinuxBoot): LinuxView {
  const iso = boot.from === undefined ? undefined : siteIndex(site).image(boot.from);
  const file = (path: string): GrubWord => (iso ? ['(loop)', `/${path.replace(/^\/+/, '')}`] : mediumPath(path));
  return { iso: iso ? siteFileWord(site, iso.path) : null, isoPath: iso ? mediumPath(iso.path) : null, kernel: file(boot.kernel), args: splitKernelArgs(boot.args), initrds: boot.initrd.map(file) };
}

export function cdromView(site: Site, kind: TargetKind, entry: Entry, boot: CdromBoot, diagnostics: Diagnostic[]): GrubEntryView['cdrom'] {
  const iso = siteIndex(site).image(boot.cdrom);
  if (!iso) return null;
  if (boot.floppy !== undefined) diagnostics.push(ignoredPart(kind, entry, `floppy '${boot.floppy}'`, 'GRUB loopback attaches no floppy drive; use dialect vboot'));
  return { iso: siteFileWord(site, iso.path), isoPath: mediumPath(iso.path), config: boot.config };
}

function windowsView(site: Site, entry: Entry, boot: DiskBoot, diagnostics: Diagnostic[]): GrubEntryView['windows'] {
  const loaders = site.loaders.windows;
  const bootmgr = loaders?.bootmgr === undefined ? null : WINDOWS_BOOTMGR;
  const bootmgfw = loaders?.bootmgfw === undefined ? null : WINDOWS_BOOTMGFW;
  if (bootmgr === null && bootmgfw === null) {
    diagnostics.push(unsupportedEntry('grub', entry, 'a Windows VHD boots through bootmgr, and loaders.windows names no bootmgr or bootmgfw.efi', 'copy bootmgr and bootmgfw.efi from Windows installation media and name them under loaders.windows in site.yaml (bootgen never ships Microsoft binaries)'));
    return null;
  }
  if (boot.session !== 'persistent') diagnostics.push(ignoredPart('grub', entry, `session: ${boot.session}`, 'bootmgr boots the VHD named in the BCD store as it is'));
  if (bootmgr === null) diagnostics.push(ignoredPart('grub', entry, 'BIOS boot', 'no loaders.windows.bootmgr is given'));
  if (bootmgfw === null) diagnostics.push(ignoredPart('grub', entry, 'UEFI boot', 'no loaders.windows.bootmgfw is given'));
  return { bootmgr, bootmgfw };
}

function entryView(site: Site, entry: Entry, diagnostics: Diagnostic[]): GrubEntryView | undefined {
  const base = { id: entry.id, title: entry.title, ...EMPTY };
  if (entry.raw.grub !== undefined) return { ...base, body: 'grub/raw', raw: rawLines(entry.raw.grub) };
  const boot = entry.boot;
  switch (boot.kind) {
    case 'linux':
      return { ...base, body: 'grub/linux', linux: linuxView(site, boot) };
    case 'cdrom': {
      const cdrom = cdromView(site, 'grub', entry, boot, diagnostics);
      return cdrom ? { ...base, body: 'grub/cdrom', cdrom } : undefined;
    }
    case 'disk': {
      if (!boot.windows) {
        diagnostics.push(unsupportedEntry('grub', entry, 'upstream GRUB cannot boot a VHD/VMDK/VDI disk', vbootHint(site)));
        return undefined;
      }
      const windows = windowsView(site, entry, boot, diagnostics);
      return windows ? { ...base, body: 'grub/windows', windows } : undefined;
    }
    case 'wim':
      diagnostics.push(unsupportedEntry('grub', entry, 'upstream GRUB has no WinPE (wim) loader', 'boot WinPE from the network: iPXE runs wimboot'));
      return undefined;
    case 'raw':
      diagnostics.push(unsupportedEntry('grub', entry, 'it has no grub: lines'));
      return undefined;
  }
}

/** A site file as GRUB reaches it: on the data partition (images, ISOs) or on the menu's own volume. */
export function siteFileWord(site: Site, path: string): GrubWord {
  return onDataPartition(site, path) ? dataDevicePath(path) : mediumPath(path);
}

function dataHeader(site: Site): GrubMenuView['data'] {
  const data = dataVolume(site);
  return data ? { variable: DATA_VARIABLE, uuid: data.uuid, module: data.fs } : null;
}

/** What boots a disk entry upstream GRUB cannot: the VBoot dialect (user-supplied loader). */
function vbootHint(site: Site): string {
  if (site.media.usb?.dialect === 'vboot') return 'it is on the VBoot menu of the USB stick';
  const loader = site.loaders.vboot === undefined ? ' and loaders.vboot {loader, core} (the VBoot Loader is proprietary: user-supplied)' : '';
  return `boot it with the VBoot Loader: media.usb.dialect: vboot${loader}; a Windows 7+ VHD can boot natively with windows: {}`;
}

/** NUL ends a C string in GRUB: the only byte quoting cannot carry. */
export function checkGrubText(kind: TargetKind, site: Site, diagnostics: Diagnostic[]): void {
  for (const entry of site.entries) {
    for (const [what, value] of [['title', entry.title], ['grub lines', entry.raw.grub ?? '']] as const) {
      if (value.includes('\u0000')) diagnostics.push(unsafeValue(kind, `entry '${entry.id}' ${what}`, value, 'it contains a NUL byte', entry.origin));
    }
  }
}

export function menuView(site: Site, kind: TargetKind, ids: readonly string[], diagnostics: Diagnostic[]): GrubMenuView {
  const wanted = site.menu.default;
  if (wanted !== undefined && !ids.includes(wanted)) {
    diagnostics.push(defaultUnavailable(site, kind, wanted));
  }
  return {
    site: site.name,
    file: sourceName(site),
    title: site.menu.title,
    serial: site.menu.serial ?? null,
    root: mediumRoot(site),
    data: dataHeader(site),
    timeout: site.menu.timeout,
    default: wanted !== undefined && ids.includes(wanted) ? wanted : null,
  };
}

export function planGrub(site: Site): Result<GrubMenuView & { readonly entries: readonly GrubEntryView[] }> {
  const diagnostics: Diagnostic[] = [];
  checkGrubText('grub', site, diagnostics);
  const entries = site.entries.map((e) => entryView(site, e, diagnostics)).filter((e): e is GrubEntryView => e !== undefined);
  const menu = menuView(site, 'grub', entries.map((e) => e.id), diagnostics);
  return { value: { ...menu, entries }, diagnostics };
}
