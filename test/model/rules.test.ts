// Rule behaviour beyond the invalid-manifest fixtures: what must NOT be reported, and counts.
import { describe, expect, it } from 'vitest';
import { rules } from '../../src/model/index.js';
import { siteFromText } from './site-from-text.js';

const codes = (text: string): string[] => siteFromText(text).diagnostics.map((d) => d.code);

describe('model rules', () => {
  it('have distinct stable codes', () => {
    const all = rules.map((r) => r.code);
    expect(new Set(all).size).toBe(all.length);
    for (const c of all) expect(c).toMatch(/^model\/[a-z-]+$/);
  });

  it('allow a parent booted immutable or as a snapshot base', () => {
    const images = 'images:\n  base: b.vhd\n  kid: {path: k.vhd, parent: base}\n';
    expect(codes(`site: a\n${images}entries:\n  - {id: a, title: A, disk: base, session: immutable}\n  - {id: b, title: B, disk: base, session: snapshot, snapshot: {entries: [{title: S, disk: kid}]}}\n`)).toEqual([]);
    expect(codes(`site: a\n${images}entries:\n  - {id: a, title: A, disk: base, session: persistent}\n`)).toEqual(['model/writable-parent']);
  });

  it('reports a three-image cycle once', () => {
    const text = 'site: a\nimages:\n  x: {path: x.vhd, parent: z}\n  y: {path: y.vhd, parent: x}\n  z: {path: z.vhd, parent: y}\n  w: {path: w.vhd, parent: z}\nentries: [{id: a, title: A, disk: w, session: immutable}]\n';
    const d = siteFromText(text).diagnostics;
    expect(d.map((x) => x.code)).toEqual(['model/parent-cycle']);
    expect(d[0]?.found).toBe('x → z → y → x');
  });

  it('accepts paths inside the site dir, including ./ and a/../b', () => {
    expect(codes('site: a\nimages: {x: ./i/x.vhd, y: i/../y.vhd}\nentries: [{id: a, title: A, disk: x}]\n')).toEqual([]);
    expect(codes('site: a\nimages: {x: "C:\\\\x.vhd"}\nentries: [{id: a, title: A, disk: x}]\n')).toEqual(['model/path-escapes-site']);
    expect(codes('site: a\nentries: [{id: a, title: A, wim: ../boot.wim}]\n')).toEqual(['model/path-escapes-site']);
  });

  it('compares MACs in canonical form and machine names case-insensitively', () => {
    const net = 'network: {server: 10.0.0.1, dhcp: {subnet: 10.0.0.0/24}}\n';
    const text = `site: a\nentries: [{id: a, title: A, ipxe: x}]\nmachines:\n  - {name: PC, mac: "525400000001"}\n  - {name: pc, mac: "52:54:00:00:00:01"}\n${net}`;
    expect(codes(text)).toEqual(['model/duplicate-id', 'model/duplicate-mac']);
  });

  it('accepts unicode titles and refuses C1 controls and line separators', () => {
    const t = (title: string): string[] => codes(`site: a\nentries: [{id: a, title: ${JSON.stringify(title)}, grub: x}]\n`);
    expect(t('Café – 日本語 🚀 "quoted" $x; \\')).toEqual([]);
    expect(t('a\u0085b')).toEqual(['model/control-char-in-title']);
    expect(t('a\u2028b')).toEqual(['model/control-char-in-title']);
    expect(t('tab\there')).toEqual(['model/control-char-in-title']);
  });

  it('checks the DHCP range order and the server subnet in full mode only', () => {
    const n = (dhcp: string, server = '10.0.0.1'): string[] => codes(`site: a\nentries: [{id: a, title: A, ipxe: x}]\nnetwork: {server: ${server}, dhcp: ${dhcp}}\n`);
    expect(n('{mode: full, subnet: 10.0.0.0/24, range: [10.0.0.10, 10.0.0.20]}')).toEqual([]);
    expect(n('{mode: full, subnet: 10.0.0.0/24, range: [10.0.0.20, 10.0.0.10]}')).toEqual(['model/dhcp-range']);
    expect(n('{mode: full, subnet: 10.0.0.0/24}', '10.9.0.1')).toEqual(['model/dhcp-range']);
    expect(n('{mode: proxy, subnet: 10.0.0.0/24}', '10.9.0.1')).toEqual([]);
  });
});
