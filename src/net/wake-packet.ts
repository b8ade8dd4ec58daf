// Wake-on-LAN (AMD's Magic Packet, 1995): six 0xFF bytes, then the target's MAC sixteen times,
// 102 bytes in one UDP datagram to the segment's broadcast address. Port 9 (discard) by
// convention, as wakeonlan and etherwake's UDP mode use; the SecureOn password is not sent.
import { intToIp, ipToInt, parseSubnet } from '../targets/net-addressing.js';

export const WAKE_PORT = 9;
export const WAKE_PACKET_BYTES = 6 + 16 * 6;

/** `52:54:00:00:00:01` (or `-` separated) → its 6 bytes; undefined when it is no MAC. */
export function macBytes(mac: string): Uint8Array | undefined {
  const parts = mac.split(/[:-]/);
  if (parts.length !== 6 || parts.some((p) => !/^[0-9a-fA-F]{2}$/.test(p))) return undefined;
  return Uint8Array.from(parts.map((p) => parseInt(p, 16)));
}

/** The magic packet for a MAC; undefined when it is no MAC. */
export function wakePacket(mac: string): Uint8Array | undefined {
  const bytes = macBytes(mac);
  if (!bytes) return undefined;
  const packet = new Uint8Array(WAKE_PACKET_BYTES).fill(0xff, 0, 6);
  for (let i = 0; i < 16; i++) packet.set(bytes, 6 + i * 6);
  return packet;
}

/** The broadcast address of an IPv4 subnet (`10.0.0.0/24` → `10.0.0.255`). */
export function broadcastAddress(subnet: string): string | undefined {
  const s = parseSubnet(subnet);
  return s ? intToIp(s.last) : undefined;
}

/** Whether an IPv4 address is a host address of the subnet. */
export function inSubnet(address: string, subnet: string): boolean {
  const s = parseSubnet(subnet);
  const ip = ipToInt(address);
  return s !== undefined && ip !== undefined && ip > s.first && ip < s.last;
}
