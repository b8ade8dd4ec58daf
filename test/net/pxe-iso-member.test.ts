// `linux: {from: <iso>}` over the network: `bootgen build --only pxe` reads the kernel and initrd
// out of the ISO into pxe/iso/<image id>/…, where the iPXE script fetches them, byte-identical to
// what osirrox extracts; a member that is not in the ISO fails the build naming ISO and member.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOracle, oraclesPresent, run } from '../helpers/oracle.js';
import { pattern } from '../formats/fat/sample-tree.js';

const oracles = [
  findOracle({ name: 'xorriso', pkg: 'xorriso' }),
  findOracle({ name: 'osirrox', pkg: 'xorriso' }),
  findOracle({ name: 'grub-mkimage', pkg: 'grub-common' }),
];

const SITE = (initrd: string): string => `bootgen: 1
site: livelab
epoch: 2026-01-01T00:00:00Z
menu: {title: Live lab, timeout: 5, default: live}
images:
  ubuntu: isos/ubuntu.iso
  big: isos/big.iso
entries:
  - id: live
    title: Ubuntu live
    linux: {from: ubuntu, kernel: /casper/vmlinuz, initrd: [/casper/initrd], args: "boot=casper quiet"}
  - id: big
    title: Big live
    linux: {from: big, kernel: /live/Vmlinuz-6.1, initrd: [${initrd}]}
machines:
  - {name: pc1, mac: "52:54:00:aa:00:01"}
network: {server: 10.9.0.1, http: http://10.9.0.1/boot, dhcp: {mode: proxy, subnet: 10.9.0.0/24}}
media:
  pxe: {}
`;

const work = mkdtempSync(join(tmpdir(), 'bootgen-pxeiso-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function bootgen(args: string[]): { status: number | null; stdout: string; stderr: string } {
  return spawnSync(process.execPath, [join(process.cwd(), 'bin/bootgen.js'), ...args], { cwd: work, encoding: 'utf8' });
}

/** The example's tiny ubuntu.iso, and an xorriso ISO whose kernel spans several copy chunks. */
function makeSite(dir: string, initrd: string): void {
  mkdirSync(join(dir, 'isos'), { recursive: true });
  copyFileSync(join(process.cwd(), 'examples/vhd-lab/isos/ubuntu.iso'), join(dir, 'isos/ubuntu.iso'));
  const tree = join(dir, 'tree');
  mkdirSync(join(tree, 'live'), { recursive: true });
  writeFileSync(join(tree, 'live/Vmlinuz-6.1'), pattern(3 * 1024 * 1024 + 123, 11));
  writeFileSync(join(tree, 'live/initrd.img-6.1'), pattern(700_000, 12));
  const x = run('xorriso', ['-as', 'mkisofs', '-R', '-J', '-V', 'BIG', '-o', join(dir, 'isos/big.iso'), tree]);
  expect(x.status, x.stderr).toBe(0);
  writeFileSync(join(dir, 'site.yaml'), SITE(initrd));
}

/** What osirrox (the independent reader) extracts for `member` of `iso`. */
function extracted(iso: string, member: string): Buffer {
  const to = join(work, 'x', iso.replace(/\W/g, '_'), member);
  const r = run('osirrox', ['-indev', iso, '-extract', member, to]);
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(to);
}

describe.skipIf(!oraclesPresent(oracles, 'PXE ISO member oracles'))('PXE tree: kernels and initrds read out of ISOs', () => {
  const site = join(work, 'site');
  const out = join(work, 'out');
  beforeAll(() => {
    makeSite(site, '/live/initrd.img-6.1');
    const r = bootgen(['build', join(site, 'site.yaml'), '-o', out, '--only', 'pxe', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const codes = (JSON.parse(r.stdout) as { diagnostics: { code: string }[] }).diagnostics.map((d) => d.code);
    expect(codes).not.toContain('net/iso-member');
  });

  it('places each member at pxe/iso/<id>/<path>, byte-identical to osirrox', () => {
    const members: [string, string][] = [['ubuntu', '/casper/vmlinuz'], ['ubuntu', '/casper/initrd'], ['big', '/live/Vmlinuz-6.1'], ['big', '/live/initrd.img-6.1']];
    for (const [id, member] of members) {
      const got = readFileSync(join(out, 'pxe/iso', id, member));
      const want = extracted(join(site, `isos/${id}.iso`), member);
      expect(got.length, member).toBeGreaterThan(0);
      expect(got.equals(want), `${id}${member}`).toBe(true);
    }
    expect(readFileSync(join(out, 'pxe/iso/big/live/Vmlinuz-6.1')).equals(Buffer.from(pattern(3 * 1024 * 1024 + 123, 11)))).toBe(true);
  });

  it('the iPXE script fetches them from those paths', () => {
    const script = readFileSync(join(out, 'pxe/ipxe/machines/52-54-00-aa-00-01.ipxe'), 'utf8');
    for (const path of ['iso/ubuntu/casper/vmlinuz', 'iso/ubuntu/casper/initrd', 'iso/big/live/Vmlinuz-6.1', 'iso/big/live/initrd.img-6.1']) expect(script).toContain(`\${base}/${path}`);
  });

  it('a member missing from its ISO fails the build, naming ISO and member, and writes nothing', () => {
    const bad = join(work, 'bad');
    makeSite(bad, '/live/initrd.img-6.2');
    const badOut = join(work, 'bad-out');
    const r = bootgen(['build', join(bad, 'site.yaml'), '-o', badOut, '--only', 'pxe']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('format/iso-member-missing');
    expect(r.stderr).toContain('/live/initrd.img-6.2 is not in isos/big.iso');
    expect(r.stderr).toContain('pxe/iso/big/live/initrd.img-6.2');
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(badOut)).toBe(false);
  });
});
