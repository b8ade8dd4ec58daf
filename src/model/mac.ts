// MAC addresses: accepted as 52:54:00:12:34:56, 52-54-00-12-34-56 or 525400123456 (any case);
// canonical form is lower-case and colon-separated (dnsmasq, dhcpd and iPXE ${mac} all print it so).

const FORMS = [/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/i, /^([0-9a-f]{2}-){5}[0-9a-f]{2}$/i, /^[0-9a-f]{12}$/i];

export function canonicalMac(written: string): string | undefined {
  const s = written.trim();
  if (!FORMS.some((re) => re.test(s))) return undefined;
  const hex = s.replace(/[:-]/g, '').toLowerCase();
  return hex.match(/../g)?.join(':');
}

/** Six bytes in the canonical form (a DHCP chaddr, a probe's made-up MAC). */
export const macText = (mac: Uint8Array): string => Array.from(mac, (x) => x.toString(16).padStart(2, '0')).join(':');

/** The group bit (IEEE 802 §8.2): set on multicast and broadcast addresses, never on a NIC. */
export function isGroupMac(canonical: string): boolean {
  return (parseInt(canonical.slice(0, 2), 16) & 1) === 1;
}
