// A site with one Windows VHD entry and one WinPE entry (issue 6 "Done when"), for BCD tests.
import type { Site } from '../../../src/model/types.js';
import { disk, linux, makeSite, wim, windows } from '../../helpers/site.js';

export function windowsSite(options: { loaders?: boolean } = {}): Site {
  const o = { file: 'site.yaml', line: 50 };
  return makeSite({
    name: 'winlab',
    menu: { title: 'Windows lab', timeout: 7, default: 'win10' },
    images: [
      { id: 'win10', path: 'images/win10.vhd' },
      { id: 'win10-session', path: 'images/win10-session.vhd', parent: 'win10' },
    ],
    entries: [
      { id: 'live', title: 'Ubuntu live', boot: linux() },
      { id: 'win10', title: 'Windows 10 (immutable)', boot: disk('win10-session', { session: 'immutable', windows: windows({ locale: 'de-DE' }) }) },
      { id: 'winpe', title: 'WinPE — Recovery ✓', boot: wim('files/boot.wim') },
    ],
    media: {
      usb: { sizeBytes: 256 * 1024 * 1024, table: 'gpt', firmware: ['bios', 'uefi'], secureBoot: false, label: 'WINLAB', dialect: 'grub', origin: o },
      iso: { label: 'WINLAB', firmware: ['bios', 'uefi'], origin: o },
      pxe: { origin: o },
    },
    ...(options.loaders === false
      ? {}
      : { loaders: { windows: { bootmgr: 'win/bootmgr', bootmgfw: 'win/bootmgfw.efi', bootSdi: 'win/boot.sdi' } } }),
  });
}
