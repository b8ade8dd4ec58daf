import { describe, expect, it } from 'vitest';
import { dnsmasqProblem, dnsmasqValue } from '../../../src/targets/dnsmasq/escape.js';

describe('dnsmasqValue', () => {
  it('carries addresses, MACs and URLs verbatim', () => {
    for (const v of ['10.0.0.1', '52:54:00:00:00:01', 'http://10.0.0.1/boot/ipxe/boot.ipxe', '/srv/bootgen/pxe']) expect(dnsmasqValue(v)).toBe(v);
  });

  it.each(['a,b', 'a b', 'a#b', 'a"b', 'a\\b', 'a\nb', ''])('refuses %j', (v) => {
    expect(dnsmasqProblem(v)).toBeDefined();
    expect(() => dnsmasqValue(v)).toThrow(/unchecked dnsmasq value/);
  });
});
