import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Site } from '../../../src/model/types.js';
import { dhcpdTarget } from '../../../src/targets/dhcpd/index.js';
import { lanpartySite } from '../../helpers/example-sites.js';
import { findOracle, oraclesPresent, run } from '../../helpers/oracle.js';
import { makeSite } from '../../helpers/site.js';
import { repoTemplates } from '../../helpers/templates.js';

const templates = repoTemplates();
const work = mkdtempSync(join(tmpdir(), 'bootgen-dhcpd-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function conf(site: Site): string {
  const r = dhcpdTarget.render(site, { templates });
  const content = r.value[0]?.content;
  if (typeof content !== 'string') throw new Error(JSON.stringify(r.diagnostics));
  return content;
}

describe('dhcpd target', () => {
  it('declares the ipxe option space and splits by user-class and client-arch', () => {
    const text = conf(lanpartySite());
    expect(text).toContain('option space ipxe;\noption ipxe-encap-opts code 175 = encapsulate ipxe;\noption ipxe.keep-san code 8 = unsigned integer 8;\n');
    expect(text).toContain('subnet 10.0.0.0 netmask 255.255.255.0 {\n  range 10.0.0.100 10.0.0.200;\n  next-server 10.0.0.1;\n');
    expect(text).toContain('if exists user-class and option user-class = "iPXE" {\n    filename "http://10.0.0.1/boot/ipxe/boot.ipxe";');
  });

  it('gives every machine a fixed address, the root path of its default disk, keep-san and (iSCSI) the initiator IQN its target admits', () => {
    expect(conf(lanpartySite())).toContain([
      'host cutman {',
      '  hardware ethernet 52:54:00:00:00:01;',
      '  fixed-address 10.0.0.2;',
      '  option host-name "cutman";',
      '  option root-path "iscsi:10.0.0.1:::1:iqn.2026-01.bootgen.lanparty:cutman-play";',
      '  option ipxe.keep-san 1;',
      '  option iscsi-initiator-iqn "iqn.2026-01.bootgen.lanparty.initiator:cutman";',
      '}',
    ].join('\n'));
    const aoe = conf(lanpartySite({ san: 'aoe' }));
    expect(aoe).toContain('option root-path "aoe:e9.2";');
    expect(aoe).not.toContain('option iscsi-initiator-iqn "');
  });

  it('refuses a machine name that is not a dhcpd name', () => {
    const r = dhcpdTarget.render(makeSite({ network: true, machines: [{ name: 'a b' }] }), { templates });
    expect(r.value).toEqual([]);
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: 'target/unsafe-value', message: expect.stringContaining('machine name') }));
  });

  it('refuses a server that is not an IPv4 address', () => {
    const r = dhcpdTarget.render(makeSite({ network: { server: 'boot.lan' }, machines: [{ name: 'a' }] }), { templates });
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: 'target/bad-address' }));
  });
});

const dhcpd = findOracle({ name: 'dhcpd', pkg: 'isc-dhcp-server' });

describe.skipIf(!oraclesPresent([dhcpd], 'dhcpd config syntax'))('dhcpd -t', () => {
  const check = (text: string): number | null => {
    const file = join(work, 'dhcpd.conf');
    writeFileSync(file, text);
    // -t only parses; the subnet need not match an interface of this machine
    return run(dhcpd.path!, ['-t', '-cf', file]).status;
  };

  it.each(['iscsi', 'aoe', 'http'] as const)('accepts the lanparty config with %s', (san) => {
    expect(check(conf(lanpartySite({ san })))).toBe(0);
  });

  it('accepts a config without a dynamic range or machines', () => {
    expect(check(conf(makeSite({ network: { dhcp: { range: undefined } } })))).toBe(0);
  });

  it('the oracle does reject a missing semicolon', () => {
    expect(check(conf(lanpartySite()).replace('fixed-address 10.0.0.2;', 'fixed-address 10.0.0.2'))).not.toBe(0);
  });
});
