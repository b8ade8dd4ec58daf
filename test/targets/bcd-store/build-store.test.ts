import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  bcdObjectId, buildBcdStore, canonicalStore, describeStore, ElementType, readBcdStore, WellKnown, writeBcdStore, type BcdStore,
} from '../../../src/targets/bcd-store/index.js';
import { disk, makeSite, wim, windows } from '../../helpers/site.js';
import { oraclesPresent } from '../../helpers/oracle.js';
import { hivexget, hivexml, hivexOracles, hivexsh, readBack, withHiveFile } from '../../formats/regf/hive-oracle.js';
import { regfChecksum } from '../../../src/formats/regf/index.js';
import { windowsSite } from './bcd-site.js';

const site = windowsSite();
const uefi = buildBcdStore(site, { firmware: 'uefi' });
const bios = buildBcdStore(site, { firmware: 'bios' });
const win10 = bcdObjectId('win10');
const winpe = bcdObjectId('winpe');

const element = (store: BcdStore, id: string, type: number) => store.objects.find((o) => o.id === id)?.elements.find((e) => e.type === type)?.value;

describe('BCD store from a site', () => {
  it('derives object GUIDs from entry ids (name-based, version 5)', () => {
    expect(win10).toMatch(/^\{[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\}$/);
    expect(bcdObjectId('win10')).toBe(win10);
    expect(winpe).not.toBe(win10);
  });

  it('has {bootmgr} with default, displayorder and timeout, one loader per Windows entry, {ramdiskoptions}', () => {
    expect(uefi.diagnostics).toEqual([]);
    expect(describeStore(uefi.value)).toBe(
      [
        'identifier              {bootmgr}',
        'type                    0x10100002',
        'device                  boot',
        'path                    \\EFI\\Microsoft\\Boot\\bootmgfw.efi',
        'description             Windows Boot Manager',
        'locale                  de-DE',
        `default                 ${win10}`,
        `displayorder            ${win10} ${winpe}`,
        'timeout                 7',
        '',
        `identifier              ${win10}`,
        'type                    0x10200003',
        'device                  vhd=[boot]\\images\\win10-session.vhd',
        'path                    \\Windows\\system32\\winload.efi',
        'description             Windows 10 (immutable)',
        'locale                  de-DE',
        'osdevice                vhd=[boot]\\images\\win10-session.vhd',
        'systemroot              \\Windows',
        '',
        `identifier              ${winpe}`,
        'type                    0x10200003',
        'device                  ramdisk=[boot]\\wim\\winpe\\boot.wim,{ramdiskoptions}',
        'path                    \\Windows\\system32\\winload.efi',
        'description             WinPE — Recovery ✓',
        'locale                  en-US',
        'osdevice                ramdisk=[boot]\\wim\\winpe\\boot.wim,{ramdiskoptions}',
        'systemroot              \\Windows',
        'detecthal               Yes',
        'winpe                   Yes',
        '',
        'identifier              {ramdiskoptions}',
        'type                    0x30000000',
        'description             Ramdisk Options',
        'ramdisksdidevice        boot',
        'ramdisksdipath          \\boot\\boot.sdi',
        '',
      ].join('\n'),
    );
  });

  it('uses winload.exe and no bootmgr path for BIOS', () => {
    expect(element(bios.value, win10, ElementType.path)).toEqual({ format: 'string', value: '\\Windows\\system32\\winload.exe' });
    expect(element(bios.value, WellKnown.bootmgr, ElementType.path)).toBeUndefined();
  });

  it('is deterministic and reads back equal through our reader', () => {
    const bytes = writeBcdStore(uefi.value, { epoch: site.epoch });
    expect(writeBcdStore(buildBcdStore(site, { firmware: 'uefi' }).value, { epoch: site.epoch })).toEqual(bytes);
    const back = readBcdStore(bytes, { file: 'BCD' });
    expect(back.diagnostics).toEqual([]);
    expect(sortObjects(back.value)).toEqual(sortObjects(uefi.value));
  });

  it('warns that a drive letter cannot be resolved offline, and refuses paths Windows cannot open', () => {
    const s = makeSite({
      images: [{ id: 'a', path: 'images/a.vhd' }, { id: 'b', path: 'images/b?.vhd' }],
      entries: [{ id: 'a', boot: disk('a', { windows: windows({ drive: 'C:' }) }) }, { id: 'b', boot: disk('b', { windows: windows() }) }],
    });
    const r = buildBcdStore(s, { firmware: 'uefi' });
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.origin?.line])).toEqual([['bcd/drive-letter', 'warning', 20], ['bcd/path', 'error', 21]]);
    expect(r.value.objects.map((o) => o.id)).toEqual([WellKnown.bootmgr, bcdObjectId('a')]);
  });

  it('reads mutated stores with findings, never an exception', () => {
    const bytes = writeBcdStore(uefi.value, { epoch: site.epoch });
    fc.assert(fc.property(fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 30 }), (edits) => {
      const b = bytes.slice();
      for (const [at, v] of edits) b[at] = v;
      const r = readBcdStore(b, { file: 'BCD' });
      for (const d of r.diagnostics) expect(d.code).toMatch(/^(format\/regf-|bcd\/)/);
    }), { numRuns: 2000 });
  });

  it('is empty for a site without Windows entries', () => {
    expect(buildBcdStore(makeSite(), { firmware: 'bios' })).toEqual({ value: { objects: [] }, diagnostics: [] });
  });
});

/** Our reader returns objects and elements in hive (sorted-key) order; compare canonically. */
function sortObjects(store: BcdStore | undefined): BcdStore | undefined {
  return store && canonicalStore(store);
}

describe.skipIf(!oraclesPresent(hivexOracles, 'BCD store vs hivex'))('BCD store vs hivex', () => {
  const bytes = writeBcdStore(uefi.value, { epoch: site.epoch });

  it('hivexml parses it and hivexsh -d computes the stored checksum', () => {
    withHiveFile({ bytes, name: 'BCD' }, (path) => {
      expect(hivexml(path).status).toBe(0);
      const r = hivexsh({ path, script: 'cd \\Objects\nls\n' });
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toContain(`checksum                 0x${regfChecksum(bytes).toString(16).padStart(8, '0')} (calculated 0x${regfChecksum(bytes).toString(16).padStart(8, '0')})`);
      expect(r.stdout.trim().split('\n').sort()).toEqual([WellKnown.bootmgr, WellKnown.ramdiskoptions, win10, winpe].sort());
    });
  });

  it('hivexget returns descriptions, default, displayorder, timeout and device bytes', () => {
    withHiveFile({ bytes, name: 'BCD' }, (path) => {
      const get = (obj: string, el: string) => hivexget(path, `\\Objects\\${obj}\\Elements\\${el}`, 'Element');
      expect(hivexget(path, '\\Description', 'KeyName').stdout).toBe('BCD00000000\n');
      expect(hivexget(path, `\\Objects\\${win10}\\Description`, 'Type').stdout).toBe(`${0x10200003}\n`);
      expect(get(win10, '12000004').stdout).toBe('Windows 10 (immutable)\n');
      expect(get(winpe, '12000004').stdout).toBe('WinPE — Recovery ✓\n');
      expect(get(WellKnown.bootmgr, '23000003').stdout).toBe(`${win10}\n`);
      expect(get(WellKnown.bootmgr, '24000001').stdout.trim().split('\n')).toEqual([win10, winpe]);
      expect(get(WellKnown.ramdiskoptions, '32000004').stdout).toBe('\\boot\\boot.sdi\n');
      // binary values as .reg text: hex(3):.. — compare with the element bytes we encoded
      const key = hivexget(path, `\\Objects\\${WellKnown.bootmgr}\\Elements\\25000004`).stdout;
      expect(key.replace(/\\\n\s*/g, '')).toContain('"Element"=hex(3):07,00,00,00,00,00,00,00');
    });
  });

  it('still reads every element after hivexsh -w adds one (detecthal) and commits', () => {
    withHiveFile({ bytes, name: 'BCD' }, (path) => {
      const script = `cd \\Objects\\${win10}\\Elements\nadd 26000010\ncd 26000010\nsetval 1\nElement\nhex:3:01\ncommit\n`;
      const w = hivexsh({ path, script, write: true });
      expect(w.status, w.stderr).toBe(0);
      const back = readBcdStore(readBack(path), { file: path });
      expect(back.diagnostics).toEqual([]);
      const loader = back.value?.objects.find((o) => o.id === win10);
      expect(loader?.elements.find((e) => e.type === ElementType.detectHal)?.value).toEqual({ format: 'boolean', value: true });
      const device = loader?.elements.find((e) => e.type === ElementType.device)?.value;
      expect(device).toEqual({ format: 'device', device: { kind: 'vhd', parent: { kind: 'boot' }, path: '\\images\\win10-session.vhd', locateElement: ElementType.path } });
      expect(canonicalStore(back.value ?? { objects: [] }).objects.filter((o) => o.id !== win10)).toEqual(canonicalStore(uefi.value).objects.filter((o) => o.id !== win10));
    });
  });

  it('round-trips arbitrary entry sets (up to 500, Unicode titles) through hivex and our reader', () => {
    const titleArb = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }).filter((s) => !s.includes('\0'));
    const idArb = fc.stringMatching(/^[a-z][a-z0-9-]{0,20}$/);
    fc.assert(
      fc.property(fc.uniqueArray(fc.record({ id: idArb, title: titleArb, pe: fc.boolean() }), { minLength: 1, maxLength: 500, size: 'max', selector: (e) => e.id }), fc.constantFrom('bios' as const, 'uefi' as const), (list, firmware) => {
        const s = makeSite({
          images: list.map((e) => ({ id: e.id, path: `images/${e.id}.vhdx` })),
          entries: list.map((e) => ({ id: e.id, title: e.title, boot: e.pe ? wim(`pe/${e.id}.wim`) : disk(e.id, { windows: windows() }) })),
        });
        const store = buildBcdStore(s, { firmware });
        expect(store.diagnostics).toEqual([]);
        const b = writeBcdStore(store.value, { epoch: s.epoch });
        withHiveFile({ bytes: b, name: 'BCD' }, (path) => {
          const xml = hivexml(path);
          expect(xml.status, xml.stderr).toBe(0);
          const first = list[0];
          if (first) expect(hivexget(path, `\\Objects\\${bcdObjectId(first.id)}\\Elements\\12000004`, 'Element').stdout).toBe(`${first.title}\n`);
        });
        const back = readBcdStore(b, { file: 'BCD' });
        expect(back.diagnostics).toEqual([]);
        expect(back.value?.objects).toHaveLength(list.length + 1 + (list.some((e) => e.pe) ? 1 : 0));
        expect(sortObjects(back.value)).toEqual(sortObjects(store.value));
      }),
      { numRuns: 20 },
    );
  });
});

