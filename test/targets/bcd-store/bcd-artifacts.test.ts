import { describe, expect, it } from 'vitest';
import {
  bcdObjectId, describeStore, planWindowsMedia, planWindowsPxe, readBcdStore, WellKnown, type BcdStore,
} from '../../../src/targets/bcd-store/index.js';
import { regfChecksum } from '../../../src/formats/regf/index.js';
import { oraclesPresent } from '../../helpers/oracle.js';
import { makeSite } from '../../helpers/site.js';
import { hivexml, hivexOracles, hivexsh, withHiveFile } from '../../formats/regf/hive-oracle.js';
import { windowsSite } from './bcd-site.js';

const site = windowsSite();
const media = planWindowsMedia(site, { firmware: ['bios', 'uefi'], medium: 'USB image' });
const pxe = planWindowsPxe(site);

function store(bytes: string | Uint8Array | undefined): BcdStore {
  if (!(bytes instanceof Uint8Array)) throw new Error('expected bytes');
  const r = readBcdStore(bytes, { file: 'BCD' });
  expect(r.diagnostics).toEqual([]);
  if (!r.value) throw new Error('unreadable');
  return r.value;
}

describe('Windows boot on USB/ISO', () => {
  it('places a BIOS and a UEFI store where bootmgr and bootmgfw.efi read them', () => {
    expect(media.diagnostics).toEqual([]);
    expect(media.value.stores.map((a) => [a.kind, a.path])).toEqual([['bcd-store', 'boot/BCD'], ['bcd-store', 'EFI/Microsoft/Boot/BCD']]);
    const [bios, uefi] = media.value.stores.map((a) => describeStore(store(a.content)));
    expect(bios).toContain('path                    \\Windows\\system32\\winload.exe');
    expect(bios).not.toContain('bootmgfw.efi');
    expect(uefi).toContain('path                    \\Windows\\system32\\winload.efi');
    expect(uefi).toContain('path                    \\EFI\\Microsoft\\Boot\\bootmgfw.efi');
  });

  it('lists the files the stores name: boot managers, boot.sdi, the wim, the whole VHD chain', () => {
    expect(media.value.copies).toEqual([
      { role: 'bootmgr', source: 'win/bootmgr', target: 'bootmgr' },
      { role: 'bootmgfw', source: 'win/bootmgfw.efi', target: 'EFI/Microsoft/Boot/bootmgfw.efi' },
      { role: 'bootSdi', source: 'win/boot.sdi', target: 'boot/boot.sdi' },
      { role: 'vhd', source: 'images/win10-session.vhd', target: 'images/win10-session.vhd', entry: 'win10' },
      { role: 'vhd', source: 'images/win10.vhd', target: 'images/win10.vhd', entry: 'win10' },
      { role: 'wim', source: 'files/boot.wim', target: 'wim/winpe/boot.wim', entry: 'winpe' },
    ]);
  });

  it('says exactly which Microsoft file is missing and where it comes from, once loaders.windows is given', () => {
    // without loaders.windows the grub target leaves the entries out and says why, once
    expect(planWindowsMedia(windowsSite({ loaders: false }), { firmware: ['bios', 'uefi'], medium: 'ISO' }).diagnostics).toEqual([]);
    const partial = { ...site, loaders: { ...site.loaders, windows: { bootmgr: 'win/bootmgr', bootmgfw: undefined, bootSdi: undefined } } };
    const r = planWindowsMedia(partial, { firmware: ['bios', 'uefi'], medium: 'ISO' });
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.origin?.path?.join('.')])).toEqual([
      ['bcd/missing-boot-file', 'error', 'loaders.windows.bootmgfw'],
      ['bcd/missing-boot-file', 'error', 'loaders.windows.boot.sdi'],
    ]);
    expect(r.diagnostics[0]?.message).toBe('bootmgfw.efi (Windows Boot Manager for UEFI) is needed for Windows entries on the media, and loaders.windows.bootmgfw is not set');
    expect(r.diagnostics[1]?.hint).toContain('\\boot\\boot.sdi');
  });

  it('needs nothing for a site without Windows entries', () => {
    expect(planWindowsMedia(makeSite(), { firmware: ['bios', 'uefi'], medium: 'USB image' })).toEqual({ value: { stores: [], copies: [] }, diagnostics: [] });
  });
});

describe('WinPE over the network (wimboot)', () => {
  it('writes wim/<id>/BCD holding only that entry, booting \\sources\\boot.wim', () => {
    expect(pxe.diagnostics).toEqual([]);
    expect(pxe.value.stores.map((a) => a.path)).toEqual(['wim/winpe/BCD']);
    const s = store(pxe.value.stores[0]?.content);
    expect(s.objects.map((o) => o.id).sort()).toEqual([WellKnown.bootmgr, WellKnown.ramdiskoptions, bcdObjectId('winpe')].sort());
    expect(describeStore(s)).toContain('device                  ramdisk=[boot]\\sources\\boot.wim,{ramdiskoptions}');
    expect(pxe.value.copies.map((c) => c.target)).toEqual(['wim/winpe/bootmgr', 'wim/winpe/boot.sdi', 'wim/winpe/boot.wim']);
  });
});

describe.skipIf(!oraclesPresent(hivexOracles, 'BCD artifacts vs hivex'))('BCD artifacts vs hivex', () => {
  it('every store passes hivexml and hivexsh -d with a matching checksum', () => {
    for (const a of [...media.value.stores, ...pxe.value.stores]) {
      if (!(a.content instanceof Uint8Array)) throw new Error('store must be bytes');
      const bytes = a.content;
      withHiveFile({ bytes, name: 'BCD' }, (path) => {
        expect(hivexml(path).status, a.path).toBe(0);
        const sum = `0x${regfChecksum(bytes).toString(16).padStart(8, '0')}`;
        expect(hivexsh({ path, script: 'ls\n' }).stderr).toContain(`checksum                 ${sum} (calculated ${sum})`);
      });
    }
  });
});
