// Windows boot on media: a site with a Windows VHD entry and a WinPE entry builds a USB image and
// an ISO that carry BCD stores at /EFI/Microsoft/Boot/BCD and /boot/BCD, and a PXE tree with
// wim/<entry>/BCD for wimboot; hivex accepts every store, whose elements name the VHD and the WIM;
// the user's boot files are copied to their standard paths.
// The "Microsoft" files here are placeholders made by the test: bootgen never ships the real ones.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GptEntry, GptHeader, GptType } from '../../src/formats/gpt/gpt.js';
import { bcdObjectId, describeStore, ElementType, readBcdStore } from '../../src/targets/bcd-store/index.js';
import { findOracle, oraclesPresent, run } from '../helpers/oracle.js';
import { hivexget, hivexml, hivexsh } from '../formats/regf/hive-oracle.js';

const oracles = [
  findOracle({ name: 'mcopy', pkg: 'mtools' }),
  findOracle({ name: 'osirrox', pkg: 'xorriso' }),
  findOracle({ name: 'hivexml', pkg: 'libhivex-bin' }),
  findOracle({ name: 'hivexget', pkg: 'libhivex-bin' }),
  findOracle({ name: 'grub-mkimage', pkg: 'grub-common' }),
  findOracle({ name: 'ntfsfix', pkg: 'ntfs-3g' }),
  findOracle({ name: 'ntfscat', pkg: 'ntfs-3g' }),
];

const SITE = `bootgen: 1
site: winlab
epoch: 2026-01-01T00:00:00Z
menu: {title: Windows lab, timeout: 5, default: win10}
images:
  win10: images/win10.vhd
entries:
  - {id: win10, title: "Windows 10 — lab", disk: win10, session: persistent, windows: {}}
  - {id: winpe, title: WinPE, wim: files/boot.wim}
loaders:
  windows: {bootmgr: win/bootmgr, bootmgfw: win/bootmgfw.efi, boot.sdi: win/boot.sdi}
  wimboot: win/wimboot
machines:
  - {name: pc1, mac: "52:54:00:aa:00:01"}
network: {server: 10.9.0.1, http: http://10.9.0.1/boot, dhcp: {mode: proxy, subnet: 10.9.0.0/24}}
media:
  usb: {size: 192MiB, table: gpt, firmware: [bios, uefi], label: WINLAB, esp: 64MiB, data: {fs: ntfs, label: WINDATA}}
  iso: {label: WINLAB, firmware: [bios, uefi]}
  pxe: {}
`;

const work = mkdtempSync(join(tmpdir(), 'bootgen-winmedia-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function bootgen(args: string[], cwd = work): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [join(process.cwd(), 'bin/bootgen.js'), ...args], { cwd, encoding: 'utf8' });
}

function makeSite(dir: string, options: { withLoaders: boolean }): void {
  mkdirSync(join(dir, 'images'), { recursive: true });
  mkdirSync(join(dir, 'files'));
  mkdirSync(join(dir, 'win'));
  writeFileSync(join(dir, 'site.yaml'), options.withLoaders ? SITE : SITE.replace(/loaders:\n.*\n.*\n/, ''));
  expect(bootgen(['image', 'create', 'images/win10.vhd', '--size', '64MiB', '--uuid', '11111111-2222-3333-4444-555555555555', '--epoch', '1767225600'], dir).status).toBe(0);
  for (const [name, text] of [['files/boot.wim', 'placeholder wim'], ['win/bootmgr', 'placeholder bootmgr'], ['win/bootmgfw.efi', 'placeholder bootmgfw'], ['win/boot.sdi', 'placeholder sdi'], ['win/wimboot', 'placeholder wimboot']]) {
    writeFileSync(join(dir, name as string), `${text as string} (test data, not a Microsoft file)\n`);
  }
}

describe.skipIf(!oraclesPresent(oracles, 'Windows media oracles'))('Windows boot files on USB and ISO', () => {
  const site = join(work, 'site');
  const out = join(work, 'out');
  beforeAll(() => {
    makeSite(site, { withLoaders: true });
    const r = bootgen(['build', join(site, 'site.yaml'), '-o', out, '--only', 'usb,iso,pxe', '--json']);
    expect(r.status, r.stderr).toBe(0);
  });

  function checkStore(bcd: string, firmware: 'uefi' | 'bios', options: { vhd: boolean } = { vhd: true }): void {
    const xml = hivexml(bcd);
    expect(xml.status, xml.stderr).toBe(0);
    expect(xml.stdout).toContain('<hive>');
    // hivexsh -d prints the stored and the recomputed base-block checksum
    const sh = hivexsh({ path: bcd, script: 'cd \\Objects\nls\n' });
    expect(sh.status, sh.stderr).toBe(0);
    const sum = /checksum\s+(0x[0-9a-f]+) \(calculated (0x[0-9a-f]+)\)/.exec(sh.stderr);
    expect(sum?.[1]).toBeDefined();
    expect(sum?.[1]).toBe(sum?.[2]);
    const id = bcdObjectId(options.vhd ? 'win10' : 'winpe');
    expect(sh.stdout).toContain(id);
    expect(hivexget(bcd, `\\Objects\\${id}\\Elements\\12000004`, 'Element').stdout).toBe(`${options.vhd ? 'Windows 10 — lab' : 'WinPE'}\n`);
    const store = readBcdStore(readFileSync(bcd), { file: bcd });
    expect(store.diagnostics).toEqual([]);
    const text = describeStore(store.value!);
    if (options.vhd) {
      expect(text).toContain('Windows 10 — lab');
      expect(text).toContain('\\images\\win10.vhd');
      expect(text).toContain(`winload.${firmware === 'uefi' ? 'efi' : 'exe'}`);
      expect(text).toContain('\\wim\\winpe\\boot.wim');
    } else {
      expect(text).toContain('\\sources\\boot.wim');
    }
  }

  it('USB: stores and boot managers on the ESP; the VHD and WIM on the NTFS data partition, which the stores name', () => {
    const usb = join(out, 'media/winlab-usb.img');
    const disk = readFileSync(usb, { flag: 'r' }).subarray(0, 34 * 512);
    const header = GptHeader.decode(disk, 512);
    const entries = Array.from({ length: 8 }, (_, i) => GptEntry.decode(disk, 1024 + i * 128));
    const esp = entries.find((e) => e.typeGuid === GptType.esp);
    const data = entries.find((e) => e.typeGuid === GptType.basicData);
    const x = join(work, 'usb-x');
    mkdirSync(x);
    const c = run('mcopy', ['-s', '-n', '-i', `${usb}@@${Number(esp?.firstLba) * 512}`, '::/', x]);
    expect(c.status, c.stderr).toBe(0);
    checkStore(join(x, 'EFI/Microsoft/Boot/BCD'), 'uefi');
    checkStore(join(x, 'boot/BCD'), 'bios');
    expect(readFileSync(join(x, 'bootmgr'), 'utf8')).toContain('placeholder bootmgr');
    expect(readFileSync(join(x, 'EFI/Microsoft/Boot/bootmgfw.efi'), 'utf8')).toContain('placeholder bootmgfw');
    expect(readFileSync(join(x, 'boot/boot.sdi'), 'utf8')).toContain('placeholder sdi');
    // the VHD's device in both stores: the data partition by its GPT partition GUID and disk GUID
    for (const bcd of ['EFI/Microsoft/Boot/BCD', 'boot/BCD']) {
      const store = readBcdStore(readFileSync(join(x, bcd)), { file: bcd }).value!;
      const loader = store.objects.find((o) => o.id === bcdObjectId('win10'))!;
      const device = loader.elements.find((e) => e.type === ElementType.osDevice)?.value;
      expect(device).toMatchObject({ format: 'device', device: { kind: 'vhd', path: '\\images\\win10.vhd', parent: { kind: 'partition', table: 'gpt', partitionGuid: data?.uniqueGuid, diskGuid: header.diskGuid } } });
    }
    // the data partition is NTFS and holds the VHD and the WIM (ntfs-3g's own tools read it)
    const part = join(work, 'data.ntfs');
    const dd = run('dd', [`if=${usb}`, `of=${part}`, 'bs=1M', `skip=${Number(data?.firstLba) / 2048}`, `count=${(Number(data?.lastLba) - Number(data?.firstLba) + 1) / 2048}`, 'conv=sparse', 'status=none']);
    expect(dd.status, dd.stderr).toBe(0);
    expect(run('ntfsfix', ['-n', part]).status).toBe(0);
    expect(run('ntfscat', [part, 'wim/winpe/boot.wim']).stdout).toContain('placeholder wim');
    expect(run('ntfsls', [part, '-p', '/images']).stdout).toContain('win10.vhd');
    expect(run('ntfsinfo', ['-m', part]).stdout).toMatch(/Volume Name:\s+WINDATA/);
  });

  it('ISO: the same stores and files, extracted with osirrox', () => {
    const x = join(work, 'iso-x');
    const r = run('osirrox', ['-indev', join(out, 'media/winlab.iso'), '-extract', '/', x]);
    expect(r.status, r.stderr).toBe(0);
    checkStore(join(x, 'EFI/Microsoft/Boot/BCD'), 'uefi');
    checkStore(join(x, 'boot/BCD'), 'bios');
    expect(readFileSync(join(x, 'wim/winpe/boot.wim'), 'utf8')).toContain('placeholder wim');
  });

  it('PXE: wimboot, the WinPE store and the files bootmgr needs, where the iPXE script fetches them', () => {
    const tree = join(out, 'pxe');
    checkStore(join(tree, 'wim/winpe/BCD'), 'bios', { vhd: false });
    for (const [file, text] of [['wimboot', 'wimboot'], ['wim/winpe/bootmgr', 'bootmgr'], ['wim/winpe/boot.sdi', 'sdi'], ['wim/winpe/boot.wim', 'wim']]) {
      expect(readFileSync(join(tree, file as string), 'utf8')).toContain(`placeholder ${text as string}`);
    }
    const script = readFileSync(join(tree, 'ipxe/machines/52-54-00-aa-00-01.ipxe'), 'utf8');
    for (const path of ['wimboot', 'wim/winpe/BCD', 'wim/winpe/bootmgr', 'wim/winpe/boot.sdi', 'wim/winpe/boot.wim']) expect(script).toContain(`\${base}/${path} `);
  });

  it('without loaders.windows the media build and say which files are missing', () => {
    const bare = join(work, 'bare');
    makeSite(bare, { withLoaders: false });
    const r = bootgen(['build', join(bare, 'site.yaml'), '-o', join(work, 'bare-out'), '--only', 'usb', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const codes = (JSON.parse(r.stdout) as { diagnostics: { code: string; severity: string; message: string }[] }).diagnostics;
    // one warning for the one cause (loaders.windows not given), naming the files and where to get them
    const windows = codes.filter((d) => /Windows VHD/.test(d.message));
    expect(windows.map((d) => [d.code, d.severity])).toEqual([['target/unsupported-entry', 'warning']]);
    expect(windows[0]?.message).toMatch(/loaders\.windows names no bootmgr or bootmgfw\.efi/);
    expect(codes.filter((d) => d.code === 'bcd/missing-boot-file')).toEqual([]);
  });

  it('with loaders.windows naming an absent file, the build fails and names it', () => {
    const broken = join(work, 'broken');
    makeSite(broken, { withLoaders: true });
    rmSync(join(broken, 'win/boot.sdi'));
    const r = bootgen(['build', join(broken, 'site.yaml'), '-o', join(work, 'broken-out'), '--only', 'usb']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('win/boot.sdi');
  });
});
