// The DHCP pool must lie inside the subnet and run low → high, and the server must be on it in
// full mode (dnsmasq `dhcp-range` and dhcpd `range` refuse anything else at start-up).
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { at, type Rule } from './rule.js';

export const dhcpRange: Rule = {
  code: 'model/dhcp-range',
  check(input) {
    const n = input.site.network;
    if (!n) return [];
    const [base, bits] = n.dhcp.subnet.split('/');
    const mask = bits === '0' ? 0 : (0xffffffff << (32 - Number(bits))) >>> 0;
    const net = (ipv4(base ?? '') & mask) >>> 0;
    const inside = (ip: string): boolean => ((ipv4(ip) & mask) >>> 0) === net;
    const out: Diagnostic[] = [];
    const problem = (path: (string | number)[], message: string, expected: string, found: string): void => {
      out.push(diag(dhcpRange.code, 'error', message, { expected, found, origin: at(input, ['network', ...path]) }));
    };
    const range = n.dhcp.range;
    range?.forEach((ip, i) => {
      if (!inside(ip)) problem(['dhcp', 'range', i], `DHCP range address ${ip} is outside the subnet ${n.dhcp.subnet}`, `an address in ${n.dhcp.subnet}`, ip);
    });
    if (range && ipv4(range[0]) > ipv4(range[1])) problem(['dhcp', 'range'], 'the DHCP range runs backwards', 'low address first', `${range[0]} > ${range[1]}`);
    if (n.dhcp.mode === 'full' && !inside(n.server)) problem(['server'], `the server ${n.server} is outside the DHCP subnet ${n.dhcp.subnet}`, `an address in ${n.dhcp.subnet}`, n.server);
    return out;
  },
};

function ipv4(s: string): number {
  return s.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
}
