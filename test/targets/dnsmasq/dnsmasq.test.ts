import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Site } from '../../../src/model/types.js';
import { dnsmasqTarget } from '../../../src/targets/dnsmasq/index.js';
import { lanpartySite } from '../../helpers/example-sites.js';
import { findOracle, oraclesPresent, run } from '../../helpers/oracle.js';
import { makeSite } from '../../helpers/site.js';
import { repoTemplates } from '../../helpers/templates.js';

const templates = repoTemplates();
const work = mkdtempSync(join(tmpdir(), 'bootgen-dnsmasq-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function conf(site: Site): string {
  const r = dnsmasqTarget.render(site, { templates });
  const content = r.value[0]?.content;
  if (typeof content !== 'string') throw new Error(JSON.stringify(r.diagnostics));
  return content;
}
const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));

describe('dnsmasq target', () => {
  it('full mode: range, TFTP, client-arch loaders, the iPXE user-class URL and one host per MAC', () => {
    const l = lines(conf(lanpartySite()));
    expect(l).toEqual(expect.arrayContaining([
      'dhcp-range=10.0.0.100,10.0.0.200,255.255.255.0,12h',
      'enable-tftp',
      'tftp-root=/srv/bootgen/pxe',
      'dhcp-userclass=set:ipxe,iPXE',
      'dhcp-match=set:bios,option:client-arch,0',
      'dhcp-match=set:efi64,option:client-arch,9',
      'dhcp-boot=tag:!ipxe,tag:bios,undionly.kpxe',
      'dhcp-boot=tag:!ipxe,tag:efi64,ipxe.efi',
      'dhcp-boot=tag:ipxe,http://10.0.0.1/boot/ipxe/boot.ipxe',
      'dhcp-host=52:54:00:00:00:01,10.0.0.2,cutman',
      'dhcp-host=52:54:00:00:00:0c,10.0.0.13,flashman',
    ]));
  });

  it('runs the reset hook on lease events only when some machine has an immutable overlay', () => {
    expect(lines(conf(lanpartySite({ overlayDir: '/srv/lan/overlays' })))).toContain('dhcp-script=/srv/lan/hooks/bootgen-dhcp-hook.sh');
    const site = lanpartySite();
    const persistentOnly: Site = { ...site, machines: site.machines.map((m) => ({ ...m, entries: m.entries.filter((e) => e !== 'play'), default: undefined })) };
    expect(conf(persistentOnly)).not.toContain('dhcp-script');
  });

  it('proxy mode: answers PXE only, never hands out addresses', () => {
    const l = lines(conf(lanpartySite({ mode: 'proxy' })));
    expect(l).toContain('dhcp-range=10.0.0.0,proxy,255.255.255.0');
    expect(l).toContain('pxe-service=tag:!ipxe,x86PC,"Chainload iPXE",undionly.kpxe');
    expect(l).toContain('pxe-service=tag:ipxe,X86-64_EFI,"bootgen (UEFI)",http://10.0.0.1/boot/ipxe/boot.ipxe');
    expect(l).toContain('dhcp-host=52:54:00:00:00:01,cutman');
    expect(l.some((x) => x.startsWith('dhcp-boot='))).toBe(false);
  });

  it('skips the server and the dynamic range when giving fixed addresses, and reports a full subnet', () => {
    const site = makeSite({ network: { server: '10.0.0.2', dhcp: { subnet: '10.0.0.0/29', range: ['10.0.0.3', '10.0.0.4'] } }, machines: [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }] });
    const r = dnsmasqTarget.render(site, { templates });
    expect(r.value).toEqual([]);
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: 'target/subnet-full', message: expect.stringContaining("machine 'd'") }));
    const ok = makeSite({ network: { server: '10.0.0.2', dhcp: { subnet: '10.0.0.0/29', range: ['10.0.0.3', '10.0.0.4'] } }, machines: [{ name: 'a' }, { name: 'b' }, { name: 'c' }] });
    expect(lines(conf(ok)).filter((x) => x.startsWith('dhcp-host='))).toEqual(['dhcp-host=52:54:00:00:00:01,10.0.0.1,a', 'dhcp-host=52:54:00:00:00:02,10.0.0.5,b', 'dhcp-host=52:54:00:00:00:03,10.0.0.6,c']);
  });

  it('refuses values dnsmasq would split or comment out', () => {
    const r = dnsmasqTarget.render(makeSite({ network: { iface: 'eth0,eth1' } }), { templates });
    expect(r.value).toEqual([]);
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: 'target/unsafe-value', message: expect.stringContaining('network.iface') }));
  });
});

const dnsmasq = findOracle({ name: 'dnsmasq', pkg: 'dnsmasq' });

describe.skipIf(!oraclesPresent([dnsmasq], 'dnsmasq config syntax'))('dnsmasq --test', () => {
  function check(site: Site): { status: number | null; output: string } {
    const file = join(work, `${site.network?.dhcp.mode}.conf`);
    writeFileSync(file, conf(site));
    const r = run(dnsmasq.path!, ['--test', `--conf-file=${file}`]);
    return { status: r.status, output: r.stdout + r.stderr };
  }

  it.each(['full', 'proxy'] as const)('accepts the %s-mode config (tftp-root in a temp dir)', (mode) => {
    const overlayDir = join(work, mode, 'overlays');
    mkdirSync(join(work, mode, 'pxe'), { recursive: true });
    const r = check(lanpartySite({ mode, overlayDir }));
    expect(r.output).toContain('syntax check OK');
    expect(r.status).toBe(0);
  });

  it('the oracle does reject a broken host line', () => {
    const file = join(work, 'broken.conf');
    writeFileSync(file, 'dhcp-host=52:54:00:00:00:01,10.0.0.2,cut man\n');
    expect(run(dnsmasq.path!, ['--test', `--conf-file=${file}`]).status).not.toBe(0);
  });
});
