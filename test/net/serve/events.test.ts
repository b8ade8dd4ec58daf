// serve's events from dnsmasq's own log lines (--log-dhcp, --log-facility=FILE, TFTP) and from
// the HTTP child's requests: each names its machine by MAC or address; other lines are none.
import { describe, expect, it } from 'vitest';
import { dnsmasqEvent, eventLine, httpEvent, machineIndex } from '../../../src/net/serve/events.js';
import { makeSite } from '../../helpers/site.js';

const site = makeSite({ network: true, machines: [{ name: 'cutman', mac: '52:54:00:00:00:01' }, { name: 'gutsman', mac: '52:54:00:00:00:02' }] });
const machines = machineIndex(site);
const root = '/srv/state/tree/pxe';

describe('serve events', () => {
  it('a DHCPACK is the machine\'s lease; a proxyDHCP PXE answer its boot offer', () => {
    expect(dnsmasqEvent('Dec  2 04:40:01 dnsmasq-dhcp[4711]: 3502140287 DHCPACK(br0) 10.0.0.3 52:54:00:00:00:02 gutsman', machines, root))
      .toEqual({ kind: 'lease', machine: 'gutsman', mac: '52:54:00:00:00:02', ip: '10.0.0.3', detail: 'lease 10.0.0.3' });
    expect(dnsmasqEvent('Dec  2 04:40:01 dnsmasq-dhcp[4711]: 1234 PXE(br0) 10.81.0.70 52:54:00:00:00:01 proxy', machines, root))
      .toEqual({ kind: 'lease', machine: 'cutman', mac: '52:54:00:00:00:01', ip: '10.81.0.70', detail: 'proxyDHCP boot offer' });
  });

  it('a TFTP send is a fetch named by the address, the path relative to the tree', () => {
    const e = dnsmasqEvent(`Dec  2 04:40:02 dnsmasq-tftp[4711]: sent ${root}/undionly.kpxe to 10.0.0.2`, machines, root);
    expect(e).toEqual({ kind: 'fetch', machine: 'cutman', mac: '52:54:00:00:00:01', ip: '10.0.0.2', detail: 'tftp undionly.kpxe' });
  });

  it('the rest of --log-dhcp is no event; an unknown MAC leases without a name', () => {
    for (const line of [
      'Dec  2 04:40:01 dnsmasq-dhcp[4711]: 3502140287 DHCPDISCOVER(br0) 52:54:00:00:00:02',
      'Dec  2 04:40:01 dnsmasq-dhcp[4711]: 3502140287 DHCPOFFER(br0) 10.0.0.3 52:54:00:00:00:02',
      'Dec  2 04:40:01 dnsmasq-dhcp[4711]: 3502140287 tags: known, ipxe, br0',
      'Dec  2 04:40:01 dnsmasq[4711]: started, version 2.90 DNS disabled',
    ]) expect(dnsmasqEvent(line, machines, root)).toBeUndefined();
    expect(dnsmasqEvent('dnsmasq-dhcp[1]: 9 DHCPACK(br0) 10.0.0.120 52:54:00:aa:bb:cc', machines, root)).toEqual({ kind: 'lease', mac: '52:54:00:aa:bb:cc', ip: '10.0.0.120', detail: 'lease 10.0.0.120' });
  });

  it('an HTTP request is a fetch named by the client\'s address (IPv4-mapped too), and prints as one line', () => {
    const e = httpEvent({ path: '/boot/ipxe/machines/52-54-00-00-00-01.ipxe', status: 200, bytes: 912, remote: '::ffff:10.0.0.2' }, machines);
    expect(e).toEqual({ kind: 'fetch', machine: 'cutman', mac: '52:54:00:00:00:01', ip: '10.0.0.2', detail: 'http /boot/ipxe/machines/52-54-00-00-00-01.ipxe 200 912 B' });
    expect(eventLine({ ...e, at: '2026-12-02T04:40:03Z' })).toBe('2026-12-02T04:40:03Z cutman 52:54:00:00:00:01 fetch http /boot/ipxe/machines/52-54-00-00-00-01.ipxe 200 912 B');
  });
});
