// serve's preflight with fake ports: the DHCP probe runs in full mode only, last, from the
// interface's address in the site's subnet; another server's offer is env/dhcp-server-present
// (exit 3) naming it and what it offered; a probe that cannot run is a warning, not a refusal. The
// host: a state dir dnsmasq (as nobody) cannot enter, and dm-snapshot without device-mapper.
import { describe, expect, it } from 'vitest';
import type { Ports } from '../../../src/app/ports.js';
import type { DhcpProbePort, DhcpProbeRequest, ReceivedDatagram, UdpPort } from '../../../src/app/server-ports.js';
import { preflight as checks } from '../../../src/app/serve/preflight.js';
import type { Diagnostic } from '../../../src/diagnostics/diagnostic.js';
import type { Site } from '../../../src/model/types.js';
import { exitCodeOf } from '../../../src/diagnostics/exit-codes.js';
import { decodeDhcp, DhcpOption, encodeDhcp, MessageType } from '../../../src/net/dhcp-packet.js';
import type { DaemonSpec } from '../../../src/net/serve/daemons.js';
import { disk, makeSite } from '../../helpers/site.js';

/** Both stages as serve runs them: the checks that refuse at once, then the DHCP probe. */
async function preflight(site: Site, daemons: readonly DaemonSpec[], ports: Ports, udp: UdpPort, dhcp: DhcpProbePort, isRoot: boolean): Promise<Diagnostic[]> {
  const p = checks(site, { specs: daemons, tree: '/srv/state/tree', isRoot }, { ports, udp, dhcp });
  return [...p.refused, ...(await p.otherDhcp())];
}

const specs: DaemonSpec[] = [{ name: 'dnsmasq', argv: ['dnsmasq'], pkg: 'dnsmasq', env: {}, log: '/dev/null', restart: { initialMs: 1, maxMs: 1 } }];

function fakePorts(addresses: readonly string[], o: { modes?: Record<string, number>; dmsetup?: number } = {}): Ports {
  const proc = {
    which: (name: string) => `/usr/sbin/${name}`,
    run: (argv: readonly string[]) => argv[0] === 'dmsetup'
      ? { status: o.dmsetup ?? 0, stdout: '', stderr: '' }
      : { status: 0, stdout: JSON.stringify([{ addr_info: addresses.map((local) => ({ local })) }]), stderr: '' },
    pidAlive: () => false,
  };
  const files = { stat: (p: string) => ({ kind: 'directory', mode: o.modes?.[p] ?? 0o755, size: 0, blocks: 0, mtimeMs: 0 }) };
  return { proc, files } as unknown as Ports;
}

const udp: UdpPort = { interfaces: () => [], sendDatagrams: async () => undefined };

/** Answers each probe with an OFFER from `server` to the DISCOVER's own xid and MAC (an honest rival). */
function rival(server: string, offered: string): DhcpProbePort & { requests: DhcpProbeRequest[] } {
  const requests: DhcpProbeRequest[] = [];
  return {
    requests,
    async probe(r): Promise<readonly ReceivedDatagram[]> {
      requests.push(r);
      const ask = decodeDhcp(r.datagram)!;
      const ip = Uint8Array.from(server.split('.').map(Number));
      const bytes = encodeDhcp({
        header: { ...ask.header, op: 2, yiaddr: offered },
        options: [{ code: DhcpOption.messageType, data: Uint8Array.of(MessageType.offer) }, { code: DhcpOption.serverId, data: ip }, { code: DhcpOption.router, data: ip }],
      });
      return [{ from: server, bytes }];
    },
  };
}

const silent = (): DhcpProbePort & { requests: DhcpProbeRequest[] } => {
  const requests: DhcpProbeRequest[] = [];
  return { requests, probe: async (r) => (requests.push(r), []) };
};

describe('serve preflight: another DHCP server', () => {
  it('full mode: an offer from another server refuses serve (env/dhcp-server-present, exit 3), naming it and its offer', async () => {
    const probe = rival('10.0.0.254', '10.0.0.57');
    const out = await preflight(makeSite({ network: true }), specs, fakePorts(['10.0.0.1']), udp, probe, true);
    expect(out.map((d) => [d.code, d.severity])).toEqual([['env/dhcp-server-present', 'error']]);
    expect(exitCodeOf('env/dhcp-server-present')).toBe(3);
    expect(out[0]!.message).toBe('another DHCP server answers on eth0: 10.0.0.254 offered 10.0.0.57 (router 10.0.0.254)');
    expect(out[0]!.hint).toMatch(/mode: proxy/);
    expect(probe.requests.map((r) => r.from)).toEqual(['10.0.0.1']);
    expect(probe.requests[0]!.listenMs).toBeGreaterThanOrEqual(3500);
  });

  it('full mode, nobody answers: no finding; the probe leaves from the address in the subnet when network.server is elsewhere', async () => {
    const probe = silent();
    expect(await preflight(makeSite({ network: true }), specs, fakePorts(['192.168.5.5', '10.0.0.7']), udp, probe, true)).toEqual([]);
    expect(probe.requests.map((r) => r.from)).toEqual(['10.0.0.7']);
  });

  it('proxy mode asks nobody: the site\'s own DHCP server is expected there', async () => {
    const probe = rival('10.0.0.254', '10.0.0.57');
    expect(await preflight(makeSite({ network: { dhcp: { mode: 'proxy' } } }), specs, fakePorts(['10.0.0.1']), udp, probe, true)).toEqual([]);
    expect(probe.requests).toEqual([]);
  });

  it('no probe when serve is refused already (not root, no address in the subnet)', async () => {
    const probe = rival('10.0.0.254', '10.0.0.57');
    const notRoot = await preflight(makeSite({ network: true }), specs, fakePorts(['10.0.0.1']), udp, probe, false);
    expect(notRoot.map((d) => d.code)).toEqual(['env/not-root']);
    const noAddress = await preflight(makeSite({ network: true }), specs, fakePorts(['192.168.5.5']), udp, probe, true);
    expect(noAddress.map((d) => d.code)).toEqual(['env/no-address-in-subnet']);
    expect(probe.requests).toEqual([]);
  });

  it('a probe that cannot bind port 68 is a warning, and serve goes on', async () => {
    const probe: DhcpProbePort = { probe: () => Promise.reject(new Error('bind EADDRINUSE 0.0.0.0:68')) };
    const out = await preflight(makeSite({ network: true }), specs, fakePorts(['10.0.0.1']), udp, probe, true);
    expect(out.map((d) => [d.code, d.severity])).toEqual([['env/dhcp-probe-failed', 'warning']]);
    expect(out[0]!.message).toContain('EADDRINUSE');
  });
});

describe('serve preflight: the host', () => {
  it('a directory above the tree that others may not enter refuses serve: dnsmasq reads the TFTP tree as nobody', async () => {
    const out = await preflight(makeSite({ network: { dhcp: { mode: 'proxy' } } }), specs, fakePorts(['10.0.0.1'], { modes: { '/srv': 0o700 } }), udp, silent(), true);
    expect(out.map((d) => d.code)).toEqual(['env/state-not-reachable']);
    expect(exitCodeOf('env/state-not-reachable')).toBe(3);
    expect(out[0]!.message).toContain('cannot enter /srv (mode 0700)');
    expect(out[0]!.hint).toContain('chmod o+x /srv');
  });

  it('dm-snapshot overlays on a kernel without device-mapper refuse serve before anything starts', async () => {
    const site = makeSite({ images: [{ id: 'm', path: 'm.vhd' }], entries: [{ id: 'e', boot: disk('m') }], machines: [{ name: 'box' }], network: { dhcp: { mode: 'proxy' } } });
    expect(site.network?.overlays.engine).toBe('dm-snapshot');
    const out = await preflight(site, specs, fakePorts(['10.0.0.1'], { dmsetup: 1 }), udp, silent(), true);
    expect(out.map((d) => d.code)).toEqual(['net/no-device-mapper']);
    expect(await preflight(site, specs, fakePorts(['10.0.0.1'], { dmsetup: 0 }), udp, silent(), true)).toEqual([]);
  });
});
