// DHCP messages (RFC 2131 §2, Figure 1): the fixed BOOTP header as one struct table, then the
// magic cookie and the options (RFC 2132 §2: code, length, data; 0 pads, 255 ends). Option 52
// ("overload", RFC 2132 §9.3) moves more options into the `file` and `sname` fields.
import { ascii, bytes, CodecMismatch, u16be, u32be, u8, type Codec } from '../binary/codecs.js';
import { at, struct, type StructValue } from '../binary/struct.js';

export const DHCP_SERVER_PORT = 67;
export const DHCP_CLIENT_PORT = 68;
export const DHCP_MAGIC_COOKIE = 0x63825363;
/** RFC 2131 §2: the server broadcasts its reply when the client sets this in `flags` */
export const BROADCAST_FLAG = 0x8000;

export const BootOp = { request: 1, reply: 2 } as const;

/** RFC 2132 §9.6, option 53 */
export const MessageType = { discover: 1, offer: 2, request: 3, decline: 4, ack: 5, nak: 6, release: 7, inform: 8 } as const;

/** The options bootgen writes or reads, by their RFC 2132 numbers. */
export const DhcpOption = {
  pad: 0,
  subnetMask: 1,
  router: 3,
  leaseTime: 51,
  overload: 52,
  messageType: 53,
  serverId: 54,
  parameterList: 55,
  maxMessageSize: 57,
  vendorClass: 60,
  clientId: 61,
  tftpServer: 66,
  bootFile: 67,
  end: 255,
} as const;

/** A dotted-quad IPv4 address in 4 bytes, network order. */
const ipv4: Codec<string> = {
  kind: 'ipv4',
  size: 4,
  fill: '0.0.0.0',
  decode: (v, o) => [0, 1, 2, 3].map((i) => v.getUint8(o + i)).join('.'),
  encode: (v, o, x) => {
    const parts = x.split('.').map(Number);
    if (parts.length !== 4 || parts.some((p) => !Number.isInteger(p) || p < 0 || p > 255)) throw new CodecMismatch('a dotted-quad IPv4 address', x);
    parts.forEach((p, i) => v.setUint8(o + i, p));
  },
};

export const BOOTP_HEADER = struct('dhcp.header', 240, {
  op: at(0, u8),
  htype: at(1, u8),
  hlen: at(2, u8),
  hops: at(3, u8),
  xid: at(4, u32be),
  secs: at(8, u16be),
  flags: at(10, u16be),
  ciaddr: at(12, ipv4),
  yiaddr: at(16, ipv4),
  siaddr: at(20, ipv4),
  giaddr: at(24, ipv4),
  chaddr: at(28, bytes(16)),
  sname: at(44, ascii(64)),
  file: at(108, ascii(128)),
  cookie: at(236, u32be),
});

export type DhcpHeader = Omit<StructValue<typeof BOOTP_HEADER.fields>, 'cookie'>;

export interface DhcpOptionValue {
  readonly code: number;
  readonly data: Uint8Array;
}

export interface DhcpMessage {
  readonly header: DhcpHeader;
  /** in the order they appear; `pad` and `end` left out */
  readonly options: readonly DhcpOptionValue[];
}

/** The header and options as one datagram, padded to BOOTP's 300-byte minimum (RFC 1542 §2.1). */
export function encodeDhcp(message: DhcpMessage): Uint8Array {
  const opts: number[] = [];
  for (const o of message.options) {
    if (o.data.length > 255) throw new CodecMismatch(`option ${o.code} of at most 255 bytes`, `${o.data.length} bytes`);
    opts.push(o.code, o.data.length, ...o.data);
  }
  opts.push(DhcpOption.end);
  const out = new Uint8Array(Math.max(300, BOOTP_HEADER.size + opts.length));
  BOOTP_HEADER.encodeInto(out, 0, { ...message.header, cookie: DHCP_MAGIC_COOKIE });
  out.set(opts, BOOTP_HEADER.size);
  return out;
}

/** A DHCP message, or undefined when the datagram is none (too short, no magic cookie, options cut off). */
export function decodeDhcp(datagram: Uint8Array): DhcpMessage | undefined {
  if (datagram.length < BOOTP_HEADER.size) return undefined;
  const { cookie, ...header } = BOOTP_HEADER.decode(datagram);
  if (cookie !== DHCP_MAGIC_COOKIE) return undefined;
  const options = readOptions(datagram, BOOTP_HEADER.size, datagram.length);
  if (!options) return undefined;
  const overload = options.find((o) => o.code === DhcpOption.overload)?.data[0] ?? 0;
  const extra: DhcpOptionValue[] = [];
  for (const [flag, field] of [[1, 'file'], [2, 'sname']] as const) {
    if ((overload & flag) === 0) continue;
    const start = BOOTP_HEADER.offsetOf(field);
    const more = readOptions(datagram, start, start + BOOTP_HEADER.fields[field].codec.size);
    if (!more) return undefined;
    extra.push(...more);
  }
  // an overloaded field holds options, not a name
  const names = { file: (overload & 1) !== 0 ? '' : header.file, sname: (overload & 2) !== 0 ? '' : header.sname };
  return { header: { ...header, ...names }, options: [...options, ...extra] };
}

function readOptions(b: Uint8Array, start: number, end: number): DhcpOptionValue[] | undefined {
  const out: DhcpOptionValue[] = [];
  let i = start;
  while (i < end) {
    const code = b[i] ?? DhcpOption.end;
    if (code === DhcpOption.end) return out;
    if (code === DhcpOption.pad) {
      i += 1;
      continue;
    }
    const len = b[i + 1];
    if (len === undefined || i + 2 + len > end) return undefined;
    out.push({ code, data: b.slice(i + 2, i + 2 + len) });
    i += 2 + len;
  }
  // no end option: RFC 2131 §4.1 asks for one, but the data read so far is whole
  return out;
}

/** The first option `code`'s data (RFC 3396 concatenation of repeated options is not needed here). */
export function optionData(message: DhcpMessage, code: number): Uint8Array | undefined {
  return message.options.find((o) => o.code === code)?.data;
}

export function optionIpv4(message: DhcpMessage, code: number): string | undefined {
  const d = optionData(message, code);
  return d && d.length >= 4 ? Array.from(d.subarray(0, 4)).join('.') : undefined;
}

export function optionText(message: DhcpMessage, code: number): string | undefined {
  const d = optionData(message, code);
  return d ? String.fromCharCode(...d).replace(/\0+$/, '') : undefined;
}

export function optionU32(message: DhcpMessage, code: number): number | undefined {
  const d = optionData(message, code);
  return d && d.length >= 4 ? new DataView(d.buffer, d.byteOffset, 4).getUint32(0, false) : undefined;
}
