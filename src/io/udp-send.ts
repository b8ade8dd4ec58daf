// UDP datagrams out of a local address (Wake-on-LAN: app/wake.ts), broadcast allowed, and the
// machine's interface addresses to choose that address from. Only adapts node:dgram and node:os.
import { createSocket, type Socket } from 'node:dgram';
import { networkInterfaces } from 'node:os';
import type { Datagram, InterfaceAddress, UdpPort } from '../app/server-ports.js';

function interfaces(): InterfaceAddress[] {
  return Object.entries(networkInterfaces()).flatMap(([name, addrs]) =>
    (addrs ?? []).map((a) => ({ name, address: a.address, family: a.family === 'IPv6' ? ('IPv6' as const) : ('IPv4' as const) })),
  );
}

async function sendDatagrams(datagrams: readonly Datagram[], options: { readonly from?: string } = {}): Promise<void> {
  const socket = createSocket('udp4');
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind({ port: 0, ...(options.from !== undefined ? { address: options.from } : {}), exclusive: true }, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    socket.setBroadcast(true);
    for (const d of datagrams) await send(socket, d);
  } finally {
    await new Promise<void>((resolve) => {
      try {
        socket.close(() => resolve());
      } catch {
        resolve(); // closed already (a failed bind)
      }
    });
  }
}

function send(socket: Socket, d: Datagram): Promise<void> {
  return new Promise((resolve, reject) => socket.send(d.bytes, d.port, d.address, (e) => (e ? reject(e) : resolve())));
}

export const nodeUdp: UdpPort = { interfaces, sendDatagrams };
