// Fixed DHCP addresses: never the server, the network or broadcast address, the dynamic range or
// another machine's; a machine's own `ip:` is kept; a server or range outside the subnet is an error.
import { describe, expect, it } from 'vitest';
import { fixedAddresses } from '../../src/targets/net-addressing.js';
import { makeSite } from '../helpers/site.js';
import type { Site } from '../../src/model/types.js';

function site(options: { server?: string; subnet?: string; range?: [string, string]; ips?: readonly (string | undefined)[] }): Site {
  const base = makeSite({ network: true, machines: (options.ips ?? [undefined, undefined]).map((_, i) => ({ name: `m${i}`, mac: `52:54:00:00:00:0${i}` })) });
  const net = base.network!;
  return {
    ...base,
    machines: base.machines.map((m, i) => ({ ...m, ...(options.ips?.[i] !== undefined ? { ip: options.ips[i] } : {}) })),
    network: { ...net, server: options.server ?? '10.5.0.1', dhcp: { ...net.dhcp, subnet: options.subnet ?? '10.5.0.0/29', range: options.range } },
  };
}

const codes = (s: Site): string[] => fixedAddresses(s).diagnostics.map((d) => d.code);

describe('fixed DHCP addresses', () => {
  it('skip the network address, the server and the range, and stop before the broadcast address', () => {
    const r = fixedAddresses(site({ server: '10.5.0.2', range: ['10.5.0.3', '10.5.0.4'], ips: [undefined, undefined, undefined] }));
    expect(r.diagnostics).toEqual([]);
    expect([...r.value.values()]).toEqual(['10.5.0.1', '10.5.0.5', '10.5.0.6']);
    expect(codes(site({ server: '10.5.0.2', range: ['10.5.0.3', '10.5.0.4'], ips: [undefined, undefined, undefined, undefined] }))).toEqual(['target/subnet-full']);
  });

  it("keep a machine's own ip: and give the others the free addresses around it", () => {
    const r = fixedAddresses(site({ ips: ['10.5.0.2', undefined] }));
    expect(Object.fromEntries(r.value)).toEqual({ m0: '10.5.0.2', m1: '10.5.0.3' });
  });

  it('refuse a server or range outside the subnet, a server inside the range, and misplaced or shared ips', () => {
    expect(codes(site({ server: '10.6.0.1' }))).toEqual(['target/address-conflict']);
    expect(codes(site({ server: '10.5.0.0' }))).toEqual(['target/address-conflict']);
    expect(codes(site({ range: ['10.5.0.5', '10.5.0.9'] }))).toEqual(['target/address-conflict']);
    expect(codes(site({ range: ['10.5.0.6', '10.5.0.5'] }))).toEqual(['target/address-conflict']);
    expect(codes(site({ server: '10.5.0.5', range: ['10.5.0.4', '10.5.0.6'] }))).toEqual(['target/address-conflict']);
    for (const ip of ['10.5.0.1', '10.5.0.7', '10.5.0.0', '10.9.9.9']) expect([ip, codes(site({ ips: [ip, undefined] }))]).toEqual([ip, ['target/address-conflict']]);
    expect(codes(site({ ips: ['10.5.0.3', '10.5.0.3'] }))).toEqual(['target/address-conflict']);
    expect(fixedAddresses(site({ ips: ['10.5.0.3', '10.5.0.3'] })).diagnostics[0]?.message).toBe("machine 'm1': ip 10.5.0.3 is taken by machine 'm0'");
  });
});
