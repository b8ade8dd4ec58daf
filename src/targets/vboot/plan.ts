// Site → view model of the VBoot Loader dialect (templates/vboot/grub.cfg.hbs): a GRUB 2 fork whose
// `vboot` command passes every key=value to its closed loader core (landscape.md §6). Disk entries
// become `vboot harddisk=child;…;base …`; snapshots become nested `snapshotentry` blocks.
import { diag, type Diagnostic, type Result } from '../../diagnostics/diagnostic.js';
import type { DiskBoot, Entry, Site, SnapshotEntry } from '../../model/types.js';
import type { GrubSegment, GrubWord } from '../grub/escape.js';
import { dataDevicePath } from '../data-partition.js';
import { devicePath, mediumRoot, type MediumRoot } from '../grub/medium.js';
import { checkGrubText, linuxView, menuView, rawLines, type GrubEntryView, type GrubMenuView } from '../grub/plan.js';
import { siteIndex } from '../site-index.js';
import { unsafeValue, unsupportedEntry } from '../target-diagnostics.js';

/** Where the media writer puts the user's VBoot files (loaders.vboot) and this config. */
export const VBOOT_LOADER = 'vboot/vboot';
export const VBOOT_CORE = 'vboot/vbootcore.mod';
export const VBOOT_CONFIG = 'boot/grub/grub.cfg';

export interface SnapshotView {
  /** leading spaces of this block: templates do not re-indent partials (a quoted newline must stay as it is) */
  readonly indent: string;
  /** `}`: a literal `}}}` would end a handlebars tag */
  readonly brace: '}';
  readonly title: string;
  readonly args: readonly GrubWord[];
  readonly children: readonly SnapshotView[];
}
export interface VbootEntryView extends GrubEntryView {
  readonly vboot: { readonly args: readonly GrubWord[]; readonly snapshots: readonly SnapshotView[] } | null;
}
export interface VbootView extends GrubMenuView {
  readonly loader: GrubWord;
  readonly core: GrubWord;
  readonly entries: readonly VbootEntryView[];
}

interface Ctx {
  readonly site: Site;
  readonly root: MediumRoot;
  readonly diagnostics: Diagnostic[];
}

/** `key=` followed by device paths joined with `;` (VBoot's chain separator, child first). */
function pathList(ctx: Ctx, key: string, entry: Entry, imageIds: readonly string[]): GrubWord {
  const parts: GrubSegment[] = [];
  imageIds.forEach((id, i) => {
    const path = siteIndex(ctx.site).image(id)?.path ?? id;
    if (path.includes(';')) ctx.diagnostics.push(unsafeValue('vboot', `image '${id}' path`, path, "VBoot separates chain members with ';'", entry.origin));
    parts.push(...(i === 0 ? [] : [';']), ...imagePath(ctx, path));
  });
  // quote after `key=`: VBoot's menu finds `harddisk=` in the entry text to rebuild snapshot chains
  return [`${key}=`, ...mergeLiterals(parts)];
}

/** VBoot names images by GRUB device: on the data partition when the stick has one (a snapshot goes beside its image). */
function imagePath(ctx: Ctx, path: string): readonly GrubSegment[] {
  return ctx.site.media.usb?.data ? dataDevicePath(path) : devicePath(ctx.root, path);
}

function mergeLiterals(parts: readonly GrubSegment[]): GrubSegment[] {
  const out: GrubSegment[] = [];
  for (const part of parts) {
    const last = out[out.length - 1];
    if (typeof part === 'string' && typeof last === 'string') out[out.length - 1] = last + part;
    else out.push(part);
  }
  return out;
}

function defaultSnapshotPath(site: Site, base: string, taken: number): { path: string; n: number } {
  const used = new Set(site.images.map((i) => i.path));
  const m = /^(.*?)(\.[^./]*)?$/.exec(base);
  for (let n = taken + 1; ; n++) {
    const path = `${m?.[1] ?? base}-s${n}${m?.[2] ?? ''}`;
    if (!used.has(path)) return { path, n };
  }
}

function snapshotArgs(ctx: Ctx, boot: DiskBoot, bootEntry: number): GrubWord[] {
  const spec = boot.snapshot;
  const args: GrubWord[] = [];
  if (spec && (spec.path !== undefined || spec.title !== undefined)) {
    const base = siteIndex(ctx.site).image(boot.disk)?.path ?? boot.disk;
    const fallback = defaultSnapshotPath(ctx.site, base, spec.children.length);
    args.push(['take_snapshot=', ...imagePath(ctx, spec.path ?? fallback.path)], ['new_menu_entry=', spec.title ?? `Snapshot ${fallback.n}`]);
  }
  args.push(`boot_entry=${bootEntry}`, ['config_file=', ...devicePath(ctx.root, VBOOT_CONFIG)]);
  if (spec?.restore) args.push('restore');
  return args;
}

function diskArgs(ctx: Ctx, entry: Entry, boot: DiskBoot, bootEntry: number): GrubWord[] {
  const chain = siteIndex(ctx.site).chain(boot.disk).map((i) => i.id);
  const args: GrubWord[] = [pathList(ctx, 'harddisk', entry, chain.length > 0 ? chain : [boot.disk])];
  if (boot.cdrom !== undefined) args.push(pathList(ctx, 'cdrom', entry, [boot.cdrom]));
  if (boot.floppy !== undefined) args.push(pathList(ctx, 'floppy', entry, [boot.floppy]));
  if (boot.floppyB !== undefined) args.push(pathList(ctx, 'floppy_b', entry, [boot.floppyB]));
  args.push(`boot=${boot.boot}`);
  if (boot.parentDir !== undefined) args.push(`parent_dir=${boot.parentDir}`);
  if (boot.session === 'snapshot') args.push(...snapshotArgs(ctx, boot, bootEntry));
  if (boot.session === 'immutable') args.push('immutable');
  if (boot.recoverMbr) args.push('recover_mbr');
  if (boot.pause) args.push('pause');
  return args;
}

/**
 * Nested snapshots carry only their own child disk: booting one re-runs the outermost entry with
 * `harddisk=` rebuilt from the snapshotentry parents (a1ive/grub vboot branch, normal/menu.c).
 */
function snapshotViews(ctx: Ctx, entry: Entry, parent: string, children: readonly SnapshotEntry[], depth = 1): SnapshotView[] {
  return children.map((child) => {
    const actual = siteIndex(ctx.site).image(child.disk)?.parent;
    if (actual !== parent) {
      ctx.diagnostics.push(diag('target/vboot-snapshot-parent', 'error', `entry '${entry.id}': snapshot '${child.title}' uses image '${child.disk}', whose parent is ${actual === undefined ? 'none' : `'${actual}'`}, not '${parent}'`, { expected: `an image with parent: ${parent}`, origin: entry.origin }));
    }
    const children = snapshotViews(ctx, entry, child.disk, child.children, depth + 1);
    return { indent: '    '.repeat(depth), brace: '}', title: child.title, args: [pathList(ctx, 'harddisk', entry, [child.disk])], children };
  });
}

function entryView(ctx: Ctx, entry: Entry, position: number): VbootEntryView | undefined {
  const base = { id: entry.id, title: entry.title, linux: null, cdrom: null, windows: null, raw: null, vboot: null };
  const raw = entry.raw.vboot ?? entry.raw.grub;
  if (raw !== undefined) return { ...base, body: 'grub/raw', raw: rawLines(raw) };
  const boot = entry.boot;
  switch (boot.kind) {
    case 'disk': {
      const snapshots = snapshotViews(ctx, entry, boot.disk, boot.snapshot?.children ?? []);
      return { ...base, body: 'vboot/disk', vboot: { args: diskArgs(ctx, entry, boot, position), snapshots } };
    }
    case 'cdrom': {
      const args: GrubWord[] = [pathList(ctx, 'cdrom', entry, [boot.cdrom])];
      if (boot.floppy !== undefined) args.push(pathList(ctx, 'floppy', entry, [boot.floppy]));
      return { ...base, body: 'vboot/disk', vboot: { args: [...args, 'boot=cdrom'], snapshots: [] } };
    }
    case 'linux':
      return { ...base, body: 'grub/linux', linux: linuxView(ctx.site, boot) };
    case 'wim':
      ctx.diagnostics.push(unsupportedEntry('vboot', entry, 'VBoot boots disks and ISOs, not WinPE wim files', 'boot WinPE from the network: iPXE runs wimboot'));
      return undefined;
    case 'raw':
      ctx.diagnostics.push(unsupportedEntry('vboot', entry, 'it has no vboot: or grub: lines'));
      return undefined;
  }
}

function biosOnly(site: Site): Diagnostic[] {
  const usb = site.media.usb;
  if (usb?.dialect !== 'vboot' || !usb.firmware.includes('uefi')) return [];
  return [diag('target/vboot-bios-only', 'warning', 'media.usb uses dialect vboot, but the VBoot Loader is BIOS-only (linux16 + 16-bit loader): UEFI boots of this stick get no vboot entries', { hint: 'use firmware: [bios] with dialect vboot, or dialect grub for UEFI', origin: usb.origin })];
}

export function planVboot(site: Site): Result<VbootView> {
  const ctx: Ctx = { site, root: mediumRoot(site), diagnostics: biosOnly(site) };
  checkGrubText('vboot', site, ctx.diagnostics);
  const entries: VbootEntryView[] = [];
  for (const entry of site.entries) {
    const view = entryView(ctx, entry, entries.length);
    if (view) entries.push(view);
  }
  const menu = menuView(site, 'vboot', entries.map((e) => e.id), ctx.diagnostics);
  const onRoot = (path: string): GrubWord => ['(', { variable: 'root' }, `)/${path}`];
  return { value: { ...menu, loader: onRoot(VBOOT_LOADER), core: onRoot(VBOOT_CORE), entries }, diagnostics: ctx.diagnostics };
}
