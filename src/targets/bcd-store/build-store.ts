// Site → BCD store (pure): {bootmgr} with default, displayorder and timeout; one OS loader per
// Windows VHD entry (vhd=[parent]\path as device and osdevice) and per WinPE entry
// (ramdisk=[parent]\path,{ramdiskoptions}); {ramdiskoptions} names boot.sdi. reference/boot-media.md §6.
import { diag, type Diagnostic, type Result } from '../../diagnostics/diagnostic.js';
import type { Entry, Firmware, Site } from '../../model/types.js';
import { bcdObjectId, ElementType as E, ObjectType, WellKnown } from '../../formats/bcd/ids.js';
import { BOOTMGFW_PATH, SDI_PATH, vhdPath, wimPath, winloadPath, windowsPathProblem } from './paths.js';
import type { BcdDevice, BcdElement, BcdObject, BcdParent, BcdStore, BcdValue } from '../../formats/bcd/types.js';

export interface BcdBuildOptions {
  readonly firmware: Firmware;
  /** only these entry ids (a PXE store holds one WinPE entry); default every Windows entry */
  readonly entries?: readonly string[];
  /** the device holding VHD and WIM files; default the device bootmgr started from */
  readonly parent?: BcdParent;
  /** where an entry's boot.wim sits on that device; default `\wim\<id>\boot.wim` */
  readonly wimPath?: (entryId: string) => string;
}

const el = (type: number, value: BcdValue): BcdElement => ({ type, value });
const str = (type: number, value: string) => el(type, { format: 'string', value });
const dev = (type: number, device: BcdDevice) => el(type, { format: 'device', device });
const bool = (type: number, value: boolean) => el(type, { format: 'boolean', value });

/** Entries that become BCD objects: Windows VHD boots and WinPE (wim) boots. */
export const isBcdEntry = (e: Entry): boolean => (e.boot.kind === 'disk' && e.boot.windows !== undefined) || e.boot.kind === 'wim';

export function buildBcdStore(site: Site, options: BcdBuildOptions): Result<BcdStore> {
  const diagnostics: Diagnostic[] = [];
  const wanted = options.entries;
  const entries = site.entries.filter((e) => isBcdEntry(e) && (!wanted || wanted.includes(e.id)));
  const parent = options.parent ?? { kind: 'boot' };
  const loaders: BcdObject[] = [];
  for (const entry of entries) {
    const r = loaderObject(site, entry, { ...options, parent });
    diagnostics.push(...r.diagnostics);
    if (r.value) loaders.push(r.value);
  }
  if (loaders.length === 0) return { value: { objects: [] }, diagnostics };
  const ids = loaders.map((o) => o.id);
  const defaultId = site.menu.default && entries.some((e) => e.id === site.menu.default) ? bcdObjectId(site.menu.default) : ids[0];
  const locale = entries.map((e) => (e.boot.kind === 'disk' ? e.boot.windows?.locale : undefined)).find((l) => l) ?? 'en-US';
  const bootmgr: BcdObject = {
    id: WellKnown.bootmgr,
    type: ObjectType.bootManager,
    elements: [
      dev(E.device, { kind: 'boot' }),
      ...(options.firmware === 'uefi' ? [str(E.path, BOOTMGFW_PATH)] : []),
      str(E.description, 'Windows Boot Manager'),
      str(E.locale, locale),
      el(E.defaultObject, { format: 'object', value: defaultId ?? ids[0] ?? '' }),
      el(E.displayOrder, { format: 'objectList', value: ids }),
      el(E.timeout, { format: 'integer', value: BigInt(site.menu.timeout) }),
    ],
  };
  const needsRamdisk = entries.some((e) => e.boot.kind === 'wim');
  return { value: { objects: [bootmgr, ...loaders, ...(needsRamdisk ? [ramdiskOptions()] : [])] }, diagnostics };
}

function ramdiskOptions(): BcdObject {
  return {
    id: WellKnown.ramdiskoptions,
    type: ObjectType.deviceOptions,
    elements: [str(E.description, 'Ramdisk Options'), dev(E.ramdiskSdiDevice, { kind: 'boot' }), str(E.ramdiskSdiPath, SDI_PATH)],
  };
}

type LoaderOptions = BcdBuildOptions & { readonly parent: BcdParent };

function loaderObject(site: Site, entry: Entry, options: LoaderOptions): Result<BcdObject | undefined> {
  const boot = entry.boot;
  const diagnostics: Diagnostic[] = [];
  let device: BcdDevice;
  let tail: BcdElement[] = [];
  if (boot.kind === 'wim') {
    device = { kind: 'ramdisk', parent: options.parent, path: (options.wimPath ?? wimPath)(entry.id), options: WellKnown.ramdiskoptions };
    tail = [bool(E.detectHal, true), bool(E.winPe, true)];
  } else if (boot.kind === 'disk' && boot.windows) {
    const image = site.images.find((i) => i.id === boot.disk);
    if (!image) return { value: undefined, diagnostics: [diag('bcd/unknown-image', 'error', `entry ${entry.id}: no image ${boot.disk}`, { origin: entry.origin })] };
    device = { kind: 'vhd', parent: options.parent, path: vhdPath(image.path), locateElement: E.path };
    if (boot.windows.drive !== undefined) diagnostics.push(driveLetterWarning(entry, boot.windows.drive));
  } else {
    return { value: undefined, diagnostics };
  }
  const problem = windowsPathProblem(device.path);
  if (problem) {
    const d = diag('bcd/path', 'error', `entry ${entry.id}: ${device.path} cannot be a Windows path: ${problem}`, { origin: entry.origin });
    return { value: undefined, diagnostics: [d] };
  }
  const windows = boot.kind === 'disk' ? boot.windows : undefined;
  const elements = [
    dev(E.device, device),
    str(E.path, winloadPath(options.firmware)),
    str(E.description, entry.title),
    str(E.locale, windows?.locale ?? 'en-US'),
    dev(E.osDevice, device),
    str(E.systemRoot, windows?.systemRoot ?? '\\Windows'),
    ...tail,
  ];
  return { value: { id: bcdObjectId(entry.id), type: ObjectType.osLoader, elements }, diagnostics };
}

function driveLetterWarning(entry: Entry, drive: string): Diagnostic {
  return diag('bcd/drive-letter', 'warning', `entry ${entry.id}: drive ${drive} cannot be resolved in an offline store; the VHD is looked up on the boot device`, {
    origin: entry.origin,
    hint: 'put the VHD on the boot medium, or apply the bcdedit script (render --target bcd) on the target Windows',
  });
}
