// The DHCP codec against RFC 2131/2132 and against a real dnsmasq OFFER; the serve probe's
// DISCOVER and its reading of offers (only replies to our xid and MAC, proxyDHCP offers ignored).
import { describe, expect, it } from 'vitest';
import { BOOTP_HEADER, BROADCAST_FLAG, decodeDhcp, DhcpOption, encodeDhcp, MessageType, optionData, optionIpv4, optionU32, type DhcpMessage } from '../../src/net/dhcp-packet.js';
import { macText } from '../../src/model/mac.js';
import { describeOffer, discoverPacket, offersTo, probeIdentity, type ProbeIdentity } from '../../src/net/dhcp-discover.js';

const hex = (s: string): number[] => (s.match(/../g) ?? []).map((h) => parseInt(h, 16));

/**
 * dnsmasq 2.90 (`--dhcp-range=10.81.0.50,10.81.0.90,255.255.255.0,12h`, in a network namespace)
 * answering discoverPacket(probeIdentity('x')): the UDP payload as received, 300 bytes, zeros
 * between the header's chaddr and the magic cookie and after the end option.
 */
function dnsmasqOffer(): Uint8Array {
  const b = new Uint8Array(300);
  b.set(hex('020106004be7151900008000000000000a5100460a510002000000003e4382d2886c0000'), 0);
  b.set(hex('6382536335010236040a51000233040000a8c03a04000054603b04000093a80104ffffff001c040a5100ff03040a510002ff'), 0xec);
  return b;
}

function reply(id: ProbeIdentity, patch: { yiaddr?: string; xid?: number; chaddr?: Uint8Array; type?: number; serverId?: string; file?: string } = {}): Uint8Array {
  return encodeDhcp({
    header: {
      op: 2, htype: 1, hlen: 6, hops: 0, xid: patch.xid ?? id.xid, secs: 0, flags: BROADCAST_FLAG,
      ciaddr: '0.0.0.0', yiaddr: patch.yiaddr ?? '192.168.1.77', siaddr: '0.0.0.0', giaddr: '0.0.0.0', chaddr: patch.chaddr ?? id.mac, sname: '', file: patch.file ?? '',
    },
    options: [
      { code: DhcpOption.messageType, data: Uint8Array.of(patch.type ?? MessageType.offer) },
      { code: DhcpOption.serverId, data: Uint8Array.from((patch.serverId ?? '192.168.1.1').split('.').map(Number)) },
    ],
  });
}

describe('dhcp packet codec', () => {
  it('lays the BOOTP header out as RFC 2131 Figure 1 does', () => {
    expect(BOOTP_HEADER.size).toBe(240);
    expect([BOOTP_HEADER.offsetOf('xid'), BOOTP_HEADER.offsetOf('flags'), BOOTP_HEADER.offsetOf('yiaddr'), BOOTP_HEADER.offsetOf('chaddr'), BOOTP_HEADER.offsetOf('sname'), BOOTP_HEADER.offsetOf('file'), BOOTP_HEADER.offsetOf('cookie')])
      .toEqual([4, 10, 16, 28, 44, 108, 236]);
  });

  it('round-trips a message: header, options in order, padded to 300 bytes with the end option', () => {
    const m: DhcpMessage = {
      header: { op: 1, htype: 1, hlen: 6, hops: 0, xid: 0xdeadbeef, secs: 3, flags: BROADCAST_FLAG, ciaddr: '0.0.0.0', yiaddr: '10.0.0.9', siaddr: '10.0.0.1', giaddr: '0.0.0.0', chaddr: Uint8Array.from([2, 1, 2, 3, 4, 5, ...new Array<number>(10).fill(0)]), sname: 'srv', file: 'undionly.kpxe' },
      options: [{ code: 53, data: Uint8Array.of(1) }, { code: 60, data: new TextEncoder().encode('PXEClient') }, { code: 0xfe, data: new Uint8Array(0) }],
    };
    const bytes = encodeDhcp(m);
    expect(bytes.length).toBe(300);
    expect(Array.from(bytes.subarray(236, 243))).toEqual([0x63, 0x82, 0x53, 0x63, 53, 1, 1]);
    expect(bytes[240 + 3 + 11 + 2]).toBe(255);
    expect(decodeDhcp(bytes)).toEqual(m);
  });

  it('reads the options an overloaded file field holds (RFC 2132 §9.3), and no file name from it', () => {
    const bytes = encodeDhcp({ header: { ...decodeDhcp(dnsmasqOffer())!.header, file: '' }, options: [{ code: DhcpOption.overload, data: Uint8Array.of(1) }] });
    bytes.set([DhcpOption.bootFile, 3, 0x61, 0x62, 0x63, 255], BOOTP_HEADER.offsetOf('file'));
    const m = decodeDhcp(bytes)!;
    expect(m.header.file).toBe('');
    expect(new TextDecoder().decode(optionData(m, DhcpOption.bootFile))).toBe('abc');
  });

  it('refuses what is no DHCP message: short, no magic cookie, an option running past the end', () => {
    const offer = dnsmasqOffer();
    expect(decodeDhcp(offer.subarray(0, 239))).toBeUndefined();
    const noCookie = offer.slice();
    noCookie[236] = 0;
    expect(decodeDhcp(noCookie)).toBeUndefined();
    const cut = offer.slice(0, 240 + 3 + 2);
    cut[240 + 3 + 1] = 40; // option 54 claims 40 bytes
    expect(decodeDhcp(cut)).toBeUndefined();
  });

  it('parses a real OFFER from dnsmasq', () => {
    const m = decodeDhcp(dnsmasqOffer())!;
    expect(m.header).toMatchObject({ op: 2, htype: 1, hlen: 6, flags: BROADCAST_FLAG, yiaddr: '10.81.0.70', siaddr: '10.81.0.2', file: '', sname: '' });
    expect(macText(m.header.chaddr.subarray(0, 6))).toBe(macText(probeIdentity('x').mac));
    expect(m.options.map((o) => o.code)).toEqual([53, 54, 51, 58, 59, 1, 28, 3]);
    expect(optionData(m, DhcpOption.messageType)?.[0]).toBe(MessageType.offer);
    expect([optionIpv4(m, DhcpOption.serverId), optionIpv4(m, DhcpOption.subnetMask), optionIpv4(m, DhcpOption.router), optionU32(m, DhcpOption.leaseTime)]).toEqual(['10.81.0.2', '255.255.255.0', '10.81.0.2', 43200]);
    // what the probe of site 'x' makes of it
    expect(offersTo(probeIdentity('x'), [{ from: '10.81.0.2', bytes: dnsmasqOffer() }]).map(describeOffer)).toEqual(['10.81.0.2 offered 10.81.0.70 (router 10.81.0.2, lease 12h)']);
  });
});

describe('the serve probe', () => {
  it('uses a locally administered unicast MAC and an xid, both a function of the site name', () => {
    const a = probeIdentity('lanparty');
    expect((a.mac[0]! & 0x03)).toBe(0x02);
    expect(probeIdentity('lanparty')).toEqual(a);
    const b = probeIdentity('lanparty2');
    expect(macText(b.mac)).not.toBe(macText(a.mac));
    expect(b.xid).not.toBe(a.xid);
  });

  it('sends a broadcast DISCOVER from the probe MAC, no PXE vendor class', () => {
    const id = probeIdentity('lanparty');
    const m = decodeDhcp(discoverPacket(id))!;
    expect(m.header).toMatchObject({ op: 1, htype: 1, hlen: 6, xid: id.xid, flags: BROADCAST_FLAG, ciaddr: '0.0.0.0' });
    expect(Array.from(m.header.chaddr.subarray(0, 6))).toEqual(Array.from(id.mac));
    expect(optionData(m, DhcpOption.messageType)?.[0]).toBe(MessageType.discover);
    expect(optionData(m, DhcpOption.vendorClass)).toBeUndefined();
  });

  it('counts only offers to this probe, one per server, and no proxyDHCP offer', () => {
    const id = probeIdentity('lanparty');
    const other = probeIdentity('elsewhere');
    const offers = offersTo(id, [
      { from: '192.168.1.1', bytes: reply(id, { xid: (id.xid + 1) >>> 0 }) },
      { from: '192.168.1.1', bytes: reply(id, { chaddr: other.mac }) },
      { from: '192.168.1.1', bytes: reply(id, { type: MessageType.ack }) },
      { from: '192.168.1.5', bytes: reply(id, { yiaddr: '0.0.0.0', serverId: '192.168.1.5', file: 'undionly.kpxe' }) },
      { from: '192.168.1.9', bytes: Uint8Array.of(1, 2, 3) },
      { from: '192.168.1.1', bytes: reply(id, { file: 'pxelinux.0' }) },
      { from: '192.168.1.1', bytes: reply(id, { yiaddr: '192.168.1.78' }) },
      { from: '10.9.9.9', bytes: reply(id, { serverId: '10.0.0.3', yiaddr: '10.0.0.50' }) },
    ]);
    expect(offers.map(describeOffer)).toEqual(['192.168.1.1 offered 192.168.1.77 (boot file pxelinux.0)', '10.0.0.3 (via 10.9.9.9) offered 10.0.0.50']);
  });
});
