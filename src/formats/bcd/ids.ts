// BCD identifiers: well-known object GUIDs, object and element types (MS BcdBootMgrElementTypes,
// BcdLibraryElementTypes, BcdOSLoaderElementTypes; reference/boot-media.md §6.1), and the
// name-based GUIDs of bootgen's own objects.
import { createHash } from 'node:crypto';
import { formatUuid, parseUuid } from '../../binary/codecs.js';

export const WellKnown = {
  bootmgr: '{9dea862c-5cdd-4e70-acc1-f32b344d4795}',
  fwbootmgr: '{a5a30fa2-3d06-4e9f-b5f4-a01df9d1fcba}',
  globalsettings: '{7ea2e1ac-2e61-4728-aaa3-896d9d0a9f0e}',
  bootloadersettings: '{6efb52bf-1766-41db-a6b3-0ee5eff72bd7}',
  ramdiskoptions: '{ae5534e0-a924-466c-b836-758539a3ee3a}',
  memdiag: '{b2721d73-1db4-4c62-bf78-c548a880142d}',
  ntldr: '{466f5a88-0af2-4f76-9038-095b170dc21c}',
} as const;

export const ObjectType = {
  bootManager: 0x10100002,
  osLoader: 0x10200003,
  deviceOptions: 0x30000000,
} as const;

export const ElementType = {
  device: 0x11000001, // BcdLibraryDevice_ApplicationDevice
  path: 0x12000002, // BcdLibraryString_ApplicationPath
  description: 0x12000004,
  locale: 0x12000005, // BcdLibraryString_PreferredLocale
  inherit: 0x14000006,
  displayOrder: 0x24000001, // BcdBootMgrObjectList_DisplayOrder
  defaultObject: 0x23000003, // BcdBootMgrObject_DefaultObject
  timeout: 0x25000004, // BcdBootMgrInteger_Timeout
  osDevice: 0x21000001, // BcdOSLoaderDevice_OSDevice
  systemRoot: 0x22000002, // BcdOSLoaderString_SystemRoot
  detectHal: 0x26000010, // BcdOSLoaderBoolean_DetectKernelAndHal
  winPe: 0x26000022, // BcdOSLoaderBoolean_WinPEMode
  ramdiskSdiDevice: 0x31000003, // BcdDeviceDevice_SdiDevice
  ramdiskSdiPath: 0x32000004, // BcdDeviceString_SdiPath
} as const;

/** bcdedit's names for the elements above (`bcdedit /enum` and `/set` use them). */
export const elementNames: ReadonlyMap<number, string> = new Map([
  [ElementType.device, 'device'], [ElementType.path, 'path'], [ElementType.description, 'description'],
  [ElementType.locale, 'locale'], [ElementType.inherit, 'inherit'], [ElementType.displayOrder, 'displayorder'],
  [ElementType.defaultObject, 'default'], [ElementType.timeout, 'timeout'], [ElementType.osDevice, 'osdevice'],
  [ElementType.systemRoot, 'systemroot'], [ElementType.detectHal, 'detecthal'], [ElementType.winPe, 'winpe'],
  [ElementType.ramdiskSdiDevice, 'ramdisksdidevice'], [ElementType.ramdiskSdiPath, 'ramdisksdipath'],
]);

/** Element format (type bits 24..27), which decides the registry encoding. */
export const elementFormat = (type: number): number => (type >>> 24) & 0x0f;

/** RFC 4122 §4.3 name-based (SHA-1, version 5) UUID. */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1').update(parseUuid(namespace)).update(name, 'utf8').digest();
  const b = Uint8Array.from(hash.subarray(0, 16));
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x50;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  return formatUuid(b);
}

/** RFC 4122 Appendix C URL namespace; bootgen's BCD namespace is the v5 UUID of its URL. */
const URL_NAMESPACE = '6ba7b811-9dad-11d1-80b4-00c04fd430c8';
export const BCD_NAMESPACE = uuidV5(URL_NAMESPACE, 'https://bootgen.invalid/bcd/objects');

/** The GUID of the BCD object of an entry: the same id always gives the same object. */
export const bcdObjectId = (entryId: string): string => `{${uuidV5(BCD_NAMESPACE, entryId)}}`;

/** bcdedit's alias for a well-known GUID, else the GUID itself. */
export function objectAlias(id: string): string {
  const hit = Object.entries(WellKnown).find(([, guid]) => guid === id.toLowerCase());
  return hit ? `{${hit[0]}}` : id;
}
