// Where Windows boot files and payloads sit on a boot device, as bootmgr sees them (backslashes,
// rooted). The media and PXE writers place files at the matching POSIX paths (bcd-artifacts.ts).
import type { Firmware } from '../../model/types.js';

export const BOOTMGFW_PATH = '\\EFI\\Microsoft\\Boot\\bootmgfw.efi';
export const SDI_PATH = '\\boot\\boot.sdi';

/** winload of the firmware: winload.efi under UEFI, winload.exe under BIOS. */
export const winloadPath = (firmware: Firmware): string => `\\Windows\\system32\\winload.${firmware === 'uefi' ? 'efi' : 'exe'}`;

/** A site-relative image path (`images/win10.vhd`) as a path on the boot device. */
export const vhdPath = (sitePath: string): string => `\\${sitePath.replace(/^\.?\/+/, '').replaceAll('/', '\\')}`;

/** Default location of a WinPE entry's boot.wim on boot media. */
export const wimPath = (entryId: string): string => `\\wim\\${entryId}\\boot.wim`;

/** Converts a boot-device path back to the POSIX path relative to the medium's root. */
export const toPosix = (windowsPath: string): string => windowsPath.replace(/^\\+/, '').replaceAll('\\', '/');

/** Why a path cannot be used by bootmgr (Win32 file name rules), or undefined. */
export function windowsPathProblem(path: string): string | undefined {
  if (/[\u0000-\u001f<>:"|?*]/.test(path)) return 'it contains a character Windows forbids in file names (< > : " | ? * or a control character)';
  if (path.split('\\').some((part) => part === '..' || /[ .]$/.test(part))) return 'a path component is .. or ends with a dot or space';
  if (path.length > 259) return 'it is longer than 259 characters';
  return undefined;
}
