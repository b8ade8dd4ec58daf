// The DHCPDISCOVER `bootgen serve` sends before it runs a full DHCP server, and the reading of
// the offers it gets back: a second DHCP server on the segment would hand the machines
// addresses and boot options that race ours. The client is made up, so it must never be a real
// machine: its MAC is locally administered (IEEE 802 U/L bit) and both the MAC and the xid are a
// function of the site's name, so only replies to this probe count.
import { stableBytes } from '../binary/stable-id.js';
import { BootOp, BROADCAST_FLAG, decodeDhcp, DhcpOption, encodeDhcp, MessageType, optionData, optionIpv4, optionText, optionU32 } from './dhcp-packet.js';

export interface ProbeIdentity {
  /** 6 bytes, locally administered unicast */
  readonly mac: Uint8Array;
  readonly xid: number;
}

export interface DhcpOffer {
  /** the server identifier (option 54), else the datagram's source */
  readonly server: string;
  /** where the datagram came from */
  readonly from: string;
  /** the address offered (yiaddr) */
  readonly address: string;
  readonly router?: string;
  readonly leaseSeconds?: number;
  /** the boot file named (`file` or option 67), when any */
  readonly bootFile?: string;
}

export interface ReceivedDatagram {
  readonly from: string;
  readonly bytes: Uint8Array;
}

export function probeIdentity(site: string): ProbeIdentity {
  const b = stableBytes(`bootgen dhcp probe\0${site}`, 10);
  // bit 1 of the first octet: locally administered; bit 0 clear: unicast
  const mac = Uint8Array.from(b.subarray(0, 6));
  mac[0] = ((mac[0] ?? 0) & 0xfc) | 0x02;
  const xid = new DataView(b.buffer, b.byteOffset + 6, 4).getUint32(0, false);
  return { mac, xid };
}

/**
 * A DISCOVER with the BROADCAST flag set: the client has no address, and the made-up MAC is no
 * station's, so a unicast reply would reach nobody. No vendor class "PXEClient" (option 60):
 * proxyDHCP servers answer only PXE clients, and they do not compete for addresses.
 */
export function discoverPacket(id: ProbeIdentity): Uint8Array {
  return encodeDhcp({
    header: {
      op: BootOp.request, htype: 1, hlen: 6, hops: 0, xid: id.xid, secs: 0, flags: BROADCAST_FLAG,
      ciaddr: '0.0.0.0', yiaddr: '0.0.0.0', siaddr: '0.0.0.0', giaddr: '0.0.0.0', chaddr: id.mac, sname: '', file: '',
    },
    options: [
      { code: DhcpOption.messageType, data: Uint8Array.of(MessageType.discover) },
      { code: DhcpOption.clientId, data: Uint8Array.of(1, ...id.mac) },
      { code: DhcpOption.parameterList, data: Uint8Array.of(DhcpOption.subnetMask, DhcpOption.router, DhcpOption.leaseTime, DhcpOption.serverId, DhcpOption.bootFile) },
      { code: DhcpOption.maxMessageSize, data: Uint8Array.of(0x05, 0xdc) },
    ],
  });
}

/** The offers among `datagrams` that answer this probe, one per server, in the order they came. */
export function offersTo(id: ProbeIdentity, datagrams: readonly ReceivedDatagram[]): DhcpOffer[] {
  const out = new Map<string, DhcpOffer>();
  for (const d of datagrams) {
    const m = decodeDhcp(d.bytes);
    if (!m || m.header.op !== BootOp.reply || m.header.xid !== id.xid) continue;
    if (m.header.hlen !== 6 || !id.mac.every((x, i) => m.header.chaddr[i] === x)) continue;
    if (optionData(m, DhcpOption.messageType)?.[0] !== MessageType.offer) continue;
    // a proxyDHCP offer carries no address; it is no rival for the leases
    if (m.header.yiaddr === '0.0.0.0') continue;
    const server = optionIpv4(m, DhcpOption.serverId) ?? d.from;
    if (out.has(server)) continue;
    const router = optionIpv4(m, DhcpOption.router);
    const leaseSeconds = optionU32(m, DhcpOption.leaseTime);
    const bootFile = m.header.file || optionText(m, DhcpOption.bootFile);
    out.set(server, {
      server, from: d.from, address: m.header.yiaddr,
      ...(router !== undefined ? { router } : {}),
      ...(leaseSeconds !== undefined ? { leaseSeconds } : {}),
      ...(bootFile ? { bootFile } : {}),
    });
  }
  return [...out.values()];
}

/** `10.0.0.2 offered 10.0.0.57 (router 10.0.0.2, lease 12h, boot file pxelinux.0)` */
export function describeOffer(o: DhcpOffer): string {
  const extra = [
    o.router !== undefined ? `router ${o.router}` : '',
    o.leaseSeconds !== undefined ? `lease ${leaseText(o.leaseSeconds)}` : '',
    o.bootFile !== undefined ? `boot file ${o.bootFile}` : '',
  ].filter(Boolean);
  const via = o.from !== o.server ? ` (via ${o.from})` : '';
  return `${o.server}${via} offered ${o.address}${extra.length ? ` (${extra.join(', ')})` : ''}`;
}

function leaseText(s: number): string {
  if (s === 0xffffffff) return 'infinite';
  if (s % 3600 === 0) return `${s / 3600}h`;
  return s % 60 === 0 ? `${s / 60}m` : `${s}s`;
}
