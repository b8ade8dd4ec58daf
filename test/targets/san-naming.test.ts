import { describe, expect, it } from 'vitest';
import { sanOf } from '../../src/model/san.js';
import { AOE_SLOTS_PER_SHELF, aoeAddress, exportOf, iqnFor, overlayName, sanUri } from '../../src/targets/san-naming.js';
import { lanpartySite } from '../helpers/example-sites.js';
import { disk, makeSite } from '../helpers/site.js';

describe('SAN naming', () => {
  const site = lanpartySite();
  const [cutman, gutsman] = site.machines;
  const [play, persist, rescue] = site.entries;

  it('names one overlay per machine and disk entry', () => {
    expect(overlayName(site, cutman!, play!)).toBe('cutman-play');
    expect(iqnFor(site, gutsman!, persist!)).toBe('iqn.2026-01.bootgen.lanparty:gutsman-persist');
  });

  it('keeps IQNs to the characters RFC 3722 allows', () => {
    const odd = makeSite({ name: 'My_Site', images: [{ id: 'i', path: 'i.vhd' }], entries: [{ id: 'E_1', boot: disk('i') }], machines: [{ name: 'Box_A' }], network: true });
    expect(iqnFor(odd, odd.machines[0]!, odd.entries[0]!)).toBe('iqn.2026-01.bootgen.my-site:box-a-e-1');
  });

  it('numbers AoE slots in site order and moves to the next shelf after slot 254', () => {
    expect(aoeAddress(site, cutman!, play!)).toEqual({ shelf: 9, slot: 0 });
    expect(aoeAddress(site, gutsman!, play!)).toEqual({ shelf: 9, slot: 2 });
    const big = lanpartySite({ machines: 200 });
    const m = big.machines[130]!; // pairs 260 and 261
    expect(aoeAddress(big, m, big.entries[1]!)).toEqual({ shelf: 10, slot: 261 - AOE_SLOTS_PER_SHELF });
    expect(() => aoeAddress(site, cutman!, rescue!)).toThrow(/no overlay/);
  });

  it('builds RFC 4173 iSCSI root paths (tgt serves LUN 1), AoE and HTTP URIs', () => {
    expect(sanUri(site, cutman!, play!)).toBe('iscsi:10.0.0.1:::1:iqn.2026-01.bootgen.lanparty:cutman-play');
    const aoe = lanpartySite({ san: 'aoe' });
    expect(sanUri(aoe, aoe.machines[0]!, aoe.entries[1]!)).toBe('aoe:e9.1');
    const http = lanpartySite({ san: 'http' });
    expect(sanUri(http, http.machines[0]!, http.entries[0]!)).toBe('http://10.0.0.1/boot/san/cutman-play.img');
  });
});

describe('per-machine SAN (machines[].san)', () => {
  const base = lanpartySite({ machines: 3 });
  const site = { ...base, machines: base.machines.map((m, i) => (i === 1 ? { ...m, san: 'aoe' as const } : m)) };
  const [cutman, gutsman] = site.machines;
  const [play] = site.entries;

  it('a machine naming its own protocol boots over it and is exported by that protocol\'s daemon', () => {
    expect(sanOf(site, cutman!)).toBe('iscsi');
    expect(exportOf(site, cutman!)).toBe('tgt');
    expect(sanOf(site, gutsman!)).toBe('aoe');
    expect(exportOf(site, gutsman!)).toBe('vblade');
    expect(sanUri(site, cutman!, play!)).toBe('iscsi:10.0.0.1:::1:iqn.2026-01.bootgen.lanparty:cutman-play');
    // slots are numbered over every overlay of the site, so they stay put when a machine switches protocol
    expect(sanUri(site, gutsman!, play!)).toBe('aoe:e9.2');
  });

  it('an AoE site with one iSCSI machine gives that machine tgt', () => {
    const aoe = lanpartySite({ san: 'aoe', machines: 2 });
    const mixed = { ...aoe, machines: aoe.machines.map((m, i) => (i === 0 ? { ...m, san: 'iscsi' as const } : m)) };
    expect(exportOf(mixed, mixed.machines[0]!)).toBe('tgt');
    expect(exportOf(mixed, mixed.machines[1]!)).toBe('vblade');
  });
});
