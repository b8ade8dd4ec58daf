import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { canonicalMac, parseSize } from '../../src/model/index.js';
import { siteFromText } from './site-from-text.js';

const example = (name: string): string => readFileSync(join(import.meta.dirname, '../../examples', name, 'site.yaml'), 'utf8');

describe('resolveSite', () => {
  it('resolves the lanparty example: 12 machines, canonical MACs, network defaults', () => {
    const { site, diagnostics } = siteFromText(example('lanparty'));
    expect(diagnostics).toEqual([]);
    expect(site.epoch).toBe(1767225600);
    expect(site.machines.map((m) => m.name)).toHaveLength(12);
    expect(site.machines[11]).toMatchObject({ name: 'flashman', mac: '52:54:00:00:00:0c', entries: ['play', 'persist', 'rescue'], default: 'play' });
    expect(site.network).toMatchObject({ san: 'iscsi', aoeShelf: 0, iface: 'eth0', dhcp: { mode: 'full', range: ['10.0.0.100', '10.0.0.200'] }, overlays: { chunk: 64, export: 'tgt' } });
    expect(site.entries[0]?.boot).toMatchObject({ kind: 'disk', session: 'immutable', windows: { drive: undefined, systemRoot: '\\Windows', locale: 'en-US' } });
    expect(site.entries[2]).toMatchObject({ boot: { kind: 'raw' }, raw: { grub: 'echo rescue', ipxe: 'shell' } });
    expect(site.media.pxe).toBeDefined();
  });

  it('resolves the vhd-lab example: snapshot tree, cdrom+floppy entry, linux from an ISO, media', () => {
    const { site, diagnostics } = siteFromText(example('vhd-lab'));
    expect(diagnostics).toEqual([]);
    expect(site.images.find((i) => i.id === 'xp-s1-s1')).toMatchObject({ path: 'images/xp-s1-s1.vhd', parent: 'xp-s1' });
    const xp = site.entries[0]?.boot;
    expect(xp?.kind === 'disk' && xp.snapshot?.children[0]?.children[0]?.disk).toBe('xp-s1-s1');
    expect(site.entries[2]?.boot).toMatchObject({ kind: 'disk', disk: 'xp-new', cdrom: 'xp-cd', floppy: 'drivers', boot: 'cdrom', session: 'persistent' });
    expect(site.entries[3]?.boot).toEqual({ kind: 'linux', from: 'ubuntu', kernel: '/casper/vmlinuz', initrd: ['/casper/initrd'], args: 'boot=casper quiet' });
    expect(site.media.usb).toMatchObject({ sizeBytes: 256 * 2 ** 20, secureBoot: true, label: 'VHDLAB', dialect: 'grub', table: 'gpt' });
    expect(site.machines).toEqual([]);
    expect(site.network).toBeUndefined();
  });

  it('fills defaults: menu title = site, first entry default, all entries per machine, derived labels', () => {
    const { site } = siteFromText('site: my-lab\nentries:\n  - {id: a, title: A, ipxe: x}\n  - {id: b, title: B, ipxe: y}\nmachines: [{name: pc, mac: "52-54-00-AB-CD-EF"}]\nnetwork: {server: 10.1.1.1, san: aoe, dhcp: {subnet: 10.1.1.0/24}}\nmedia: {usb: {}, iso: {}}\n');
    expect(site.menu).toEqual({ title: 'my-lab', timeout: 5, default: 'a', serial: undefined });
    expect(site.machines[0]).toMatchObject({ mac: '52:54:00:ab:cd:ef', entries: ['a', 'b'], default: 'a' });
    expect(site.network).toMatchObject({ http: 'http://10.1.1.1/boot', overlays: { export: 'vblade', engine: 'dm-snapshot', chunk: 8 }, dhcp: { mode: 'proxy' } });
    expect(site.media.usb).toMatchObject({ label: 'MY_LAB', firmware: ['bios', 'uefi'], secureBoot: false, sizeBytes: 256 * 2 ** 20 });
    expect(site.media.iso?.label).toBe('MY_LAB');
  });

  it('takes the epoch from epoch:, else SOURCE_DATE_EPOCH, else 0', () => {
    const base = 'site: a\nentries: [{id: a, title: A, grub: x}]\n';
    expect(siteFromText(`${base}epoch: 1000\n`, { sourceDateEpoch: '5' }).site.epoch).toBe(1000);
    expect(siteFromText(base, { sourceDateEpoch: '1700000000' }).site.epoch).toBe(1700000000);
    expect(siteFromText(base).site.epoch).toBe(0);
    const bad = siteFromText(base, { sourceDateEpoch: 'yesterday' });
    expect(bad.diagnostics.map((d) => d.code)).toEqual(['model/bad-source-date-epoch']);
  });

  it('keeps every node\'s origin in site.yaml', () => {
    const { site } = siteFromText(example('lanparty'));
    expect(site.machines[1]?.origin).toMatchObject({ file: 'site.yaml', line: 20, col: 5, path: ['machines', 1] });
    expect(site.images[0]?.origin).toMatchObject({ line: 11, col: 11 });
  });
});

describe('canonicalMac / parseSize', () => {
  it('canonicalises the accepted MAC forms and refuses the rest', () => {
    expect(['52:54:00:AB:CD:EF', '52-54-00-ab-cd-ef', '525400abcdef'].map(canonicalMac)).toEqual(Array(3).fill('52:54:00:ab:cd:ef'));
    expect(['52:54:00:ab:cd', '52:54:00:ab:cd:eg', '52:54-00:ab:cd:ef', '', '5254.00ab.cdef'].map(canonicalMac)).toEqual(Array(5).fill(undefined));
  });

  it('reads binary and decimal units', () => {
    expect(['256MiB', '2GiB', '2G', '2GB', '512', '1.5KiB', '1 MiB'].map(parseSize)).toEqual([268435456, 2147483648, 2147483648, 2e9, 512, 1536, 1048576]);
    expect(['2 gigs', '-1', '0', 'MiB'].map(parseSize)).toEqual([undefined, undefined, undefined, undefined]);
  });
});
