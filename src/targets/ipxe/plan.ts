// Site → view models of the iPXE scripts (templates/ipxe/*.hbs): boot.ipxe chains the machine's
// own script by MAC and falls back to a site menu; per-machine menus sanboot the machine's overlay
// (san-naming.ts). iPXE cannot quote, so every value is checked here and refused when unsafe.
import { dedupeDiagnostics, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Entry, Machine, Site } from '../../model/types.js';
import { isoFile, siteFile, WIMBOOT, wimFile } from '../pxe-layout.js';
import { sanOf } from '../../model/san.js';
import { initiatorIqn, sanUri } from '../san-naming.js';
import { siteIndex, sourceName } from '../site-index.js';
import { defaultUnavailable, ignoredPart, unsafeValue, unsupportedEntry } from '../target-diagnostics.js';
import { ipxeProblem, type IpxeValueKind } from './escape.js';

/** Labels of the script's own sections; entry ids may not take them. */
export const INTERNAL_LABELS = ['bootgen-menu', 'bootgen-failed', 'bootgen-cancel', 'bootgen-site-menu'] as const;

export interface IpxeItemView {
  readonly id: string;
  readonly title: string;
  /** partial writing the section: ipxe/sanboot, ipxe/linux, ipxe/wimboot, ipxe/raw */
  readonly body: string;
  /** initiatorIqn: set before an iSCSI sanboot; tgt admits only this machine's initiator */
  readonly sanboot: { readonly uri: string; readonly relative: boolean; readonly keepSan: boolean; readonly initiatorIqn: string | null } | null;
  readonly linux: { readonly kernel: string; readonly args: readonly string[]; readonly initrds: readonly { readonly name: string; readonly path: string }[] } | null;
  readonly wimboot: { readonly kernel: string; readonly files: readonly { readonly name: string; readonly path: string }[] } | null;
  readonly raw: readonly string[] | null;
}
export interface IpxeMenuView {
  readonly site: string;
  readonly file: string;
  readonly base: string;
  readonly title: string;
  readonly machine: { readonly name: string; readonly mac: string } | null;
  readonly items: readonly IpxeItemView[];
  readonly default: string | null;
  readonly timeoutMs: number;
  readonly immediate: boolean;
}

/** Collects diagnostics once each: the same entry appears in many machines' menus. */
export class Findings {
  private readonly all: Diagnostic[] = [];
  add(d: Diagnostic): void {
    this.all.push(d);
  }
  get list(): readonly Diagnostic[] {
    return dedupeDiagnostics(this.all);
  }
}

/** True when iPXE can carry `value`; otherwise records why. */
export function carried(f: Findings, what: string, value: string, kind: IpxeValueKind, entry: Entry | undefined, site: Site): boolean {
  const problem = ipxeProblem(value, kind);
  if (problem) f.add(unsafeValue('ipxe', what, value, problem, entry?.origin ?? site.origin));
  return problem === undefined;
}

const EMPTY = { sanboot: null, linux: null, wimboot: null, raw: null } as const;

function linuxItem(site: Site, entry: Entry & { boot: { kind: 'linux' } }, f: Findings): IpxeItemView['linux'] {
  const boot = entry.boot;
  const file = (p: string): string => (boot.from === undefined ? siteFile(p) : isoFile(boot.from, p));
  // iPXE re-joins words with one space, so quoted kernel values (`foo="a b"`) reach Linux intact
  const args = boot.args.trim() === '' ? [] : boot.args.trim().split(/ +/);
  const paths = [file(boot.kernel), ...boot.initrd.map(file)];
  const ok = [
    ...paths.map((p) => carried(f, `entry '${entry.id}' file path`, p, 'token', entry, site)),
    ...args.map((a) => carried(f, `entry '${entry.id}' kernel argument`, a, 'token', entry, site)),
  ].every(Boolean);
  if (!ok) return null;
  const initrds = initrdNames(paths.slice(1));
  // UEFI: the kernel's EFI stub loads initrds named by `initrd=` from iPXE's image list (Debian's
  // iPXE predates LoadFile2); BIOS kernels ignore the argument, so it is always given.
  const named = initrds.map((i) => `initrd=${i.name}`).filter((a) => !args.includes(a));
  return { kernel: paths[0]!, args: [...args, ...named], initrds };
}

/** Each initrd registered under its file name, made unique with its position when two share one. */
function initrdNames(paths: readonly string[]): { name: string; path: string }[] {
  const base = paths.map((p) => p.slice(p.lastIndexOf('/') + 1));
  return paths.map((path, i) => ({ name: base.indexOf(base[i]!) === i ? base[i]! : `${i}-${base[i]!}`, path }));
}

function wimItem(site: Site, entry: Entry, f: Findings): IpxeItemView['wimboot'] {
  if (!carried(f, 'entry id', entry.id, 'token', entry, site)) return null;
  const names = ['bootmgr', 'BCD', 'boot.sdi', 'boot.wim'] as const;
  return { kernel: WIMBOOT, files: names.map((name) => ({ name, path: wimFile(entry.id, name) })) };
}

function bodyOf(site: Site, machine: Machine | undefined, entry: Entry, f: Findings): Partial<IpxeItemView> | undefined {
  if (entry.raw.ipxe !== undefined) return { body: 'ipxe/raw', raw: entry.raw.ipxe.replace(/\n+$/, '').split('\n') };
  const boot = entry.boot;
  switch (boot.kind) {
    case 'disk': {
      if (!machine) return undefined; // a disk boots a known machine's overlay: not in the site menu
      if (boot.session === 'snapshot') {
        f.add(unsupportedEntry('ipxe', entry, 'network overlays have no snapshot sessions', 'use session: persistent or immutable for network boot'));
        return undefined;
      }
      for (const part of ['cdrom', 'floppy', 'floppyB'] as const) {
        if (boot[part] !== undefined) f.add(ignoredPart('ipxe', entry, part, 'a network boot attaches only the disk overlay'));
      }
      const uri = sanUri(site, machine, entry);
      const san = sanOf(site, machine);
      const iqn = san === 'iscsi' ? initiatorIqn(site, machine) : null;
      if (!carried(f, `entry '${entry.id}' SAN URI`, uri, 'token', entry, site)) return undefined;
      if (iqn !== null && !carried(f, `machine '${machine.name}' initiator IQN`, iqn, 'token', entry, site)) return undefined;
      return { body: 'ipxe/sanboot', sanboot: { uri, relative: false, keepSan: san !== 'http', initiatorIqn: iqn } };
    }
    case 'cdrom': {
      if (boot.floppy !== undefined) f.add(ignoredPart('ipxe', entry, `floppy '${boot.floppy}'`, 'iPXE sanboots the ISO alone'));
      const path = siteFile(siteIndex(site).image(boot.cdrom)?.path ?? boot.cdrom);
      return carried(f, `entry '${entry.id}' ISO path`, path, 'token', entry, site) ? { body: 'ipxe/sanboot', sanboot: { uri: path, relative: true, keepSan: false, initiatorIqn: null } } : undefined;
    }
    case 'linux': {
      const linux = linuxItem(site, entry as Entry & { boot: typeof boot }, f);
      return linux ? { body: 'ipxe/linux', linux } : undefined;
    }
    case 'wim': {
      const wimboot = wimItem(site, entry, f);
      return wimboot ? { body: 'ipxe/wimboot', wimboot } : undefined;
    }
    case 'raw':
      f.add(unsupportedEntry('ipxe', entry, 'it has no ipxe: lines'));
      return undefined;
  }
}

function labelled(site: Site, entry: Entry, f: Findings): boolean {
  const labelOk = carried(f, 'entry id', entry.id, 'token', entry, site);
  if (labelOk && (INTERNAL_LABELS as readonly string[]).includes(entry.id)) {
    f.add(unsafeValue('ipxe', 'entry id', entry.id, 'bootgen uses this label for its own script sections', entry.origin));
    return false;
  }
  return carried(f, `entry '${entry.id}' title`, entry.title, 'text', entry, site) && labelOk;
}

function itemView(site: Site, machine: Machine | undefined, entry: Entry, f: Findings): IpxeItemView | undefined {
  const body = labelled(site, entry, f) ? bodyOf(site, machine, entry, f) : undefined;
  return body ? { id: entry.id, title: entry.title, body: 'ipxe/raw', ...EMPTY, ...body } : undefined;
}

/**
 * Item views shared by every menu of one render: only a disk entry differs per machine (its
 * overlay), so 10,000 machines do not re-check the same titles and paths 10,000 times.
 */
export class ItemCache {
  private readonly shared = new Map<string, IpxeItemView | undefined>();
  item(site: Site, machine: Machine | undefined, entry: Entry, f: Findings): IpxeItemView | undefined {
    const perMachine = machine !== undefined && entry.raw.ipxe === undefined && entry.boot.kind === 'disk';
    const key = perMachine ? undefined : `${machine ? 'm' : 's'}\u0000${entry.id}`;
    if (key !== undefined && this.shared.has(key)) return this.shared.get(key);
    const view = itemView(site, machine, entry, f);
    if (key !== undefined) this.shared.set(key, view);
    return view;
  }
}

export function menuView(site: Site, machine: Machine | undefined, f: Findings, cache = new ItemCache()): IpxeMenuView {
  const entries = machine ? siteIndex(site).machineEntries(machine) : site.entries;
  const items = entries.map((e) => cache.item(site, machine, e, f)).filter((i): i is IpxeItemView => i !== undefined);
  const ids = items.map((i) => i.id);
  const wanted = machine?.default ?? site.menu.default;
  if (wanted !== undefined && !ids.includes(wanted) && machine) f.add(defaultUnavailable(site, 'ipxe', wanted, `machine '${machine.name}'`));
  const http = site.network?.http ?? '';
  if (machine) carried(f, 'machine name', machine.name, 'token', undefined, site);
  carried(f, 'network.http', http, 'token', undefined, site);
  carried(f, 'menu title', site.menu.title, 'text', undefined, site);
  return {
    site: site.name,
    file: sourceName(site),
    base: http,
    title: site.menu.title,
    machine: machine ? { name: machine.name, mac: machine.mac } : null,
    items,
    default: wanted !== undefined && ids.includes(wanted) ? wanted : (ids[0] ?? null),
    timeoutMs: site.menu.timeout * 1000,
    immediate: site.menu.timeout === 0,
  };
}
