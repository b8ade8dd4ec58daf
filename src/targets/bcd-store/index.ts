// Site → BCD objects (pure), once, for the bcdedit script target and the hive alike; where the
// Windows files go on a medium and in the PXE tree. The on-disk codecs are formats/bcd/.
export { buildBcdStore, isBcdEntry, type BcdBuildOptions } from './build-store.js';
export * from '../../formats/bcd/index.js';
export { BOOTMGFW_PATH, SDI_PATH, vhdPath, wimPath, winloadPath, toPosix } from './paths.js';
export {
  planWindowsMedia, planWindowsPxe, MEDIA_BCD, MEDIA_BOOTMGR, MEDIA_BOOTMGFW, MEDIA_BOOT_SDI,
  type WindowsBootPlan, type WindowsFileCopy, type WindowsFileRole,
} from './bcd-artifacts.js';
export { WINDOWS_LOADERS, type WindowsLoader } from './boot-files.js';
