// BCD store builder (Site → BCD objects → hive bytes) and reader, pure; reference/boot-media.md §6.
export { buildBcdStore, isBcdEntry, type BcdBuildOptions } from './build-store.js';
export { writeBcdStore, readBcdStore, readBcdStoreFrom } from './store-bytes.js';
export { storeToHive, hiveToStore, BCD_ROOT_NAME } from './store-hive.js';
export { encodeDevice } from './device-encode.js';
export { decodeDevice } from './device-decode.js';
export { canonicalStore, describeStore, describeDevice, describeValue, storeToJson, elementName } from './describe-store.js';
export { bcdObjectId, BCD_NAMESPACE, ElementType, ObjectType, WellKnown, objectAlias, uuidV5 } from './ids.js';
export { BOOTMGFW_PATH, SDI_PATH, vhdPath, wimPath, winloadPath, toPosix } from './paths.js';
export type { BcdDevice, BcdElement, BcdObject, BcdParent, BcdStore, BcdValue } from './types.js';
export {
  planWindowsMedia, planWindowsPxe, MEDIA_BCD, MEDIA_BOOTMGR, MEDIA_BOOTMGFW, MEDIA_BOOT_SDI,
  type WindowsBootPlan, type WindowsFileCopy, type WindowsFileRole,
} from './bcd-artifacts.js';
export { WINDOWS_LOADERS, type WindowsLoader } from './boot-files.js';
