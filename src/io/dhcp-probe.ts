// One DHCP probe (app/serve/dhcp-check.ts): a broadcast from the DHCP client port and whatever
// answers reach that port for a while. Only adapts node:dgram.
//
// Two sockets on port 68, both SO_REUSEADDR. node:dgram has no SO_BINDTODEVICE, but Linux routes
// a datagram to 255.255.255.255 out of the interface that holds the socket's bound source address
// (ip_route_output_key_hash_rcu, "bind to a source address and then send to broadcast"), so the
// sender is bound to `from`. A server's broadcast reply (to 255.255.255.255:68) is delivered only
// to sockets bound to the wildcard, hence the listener on 0.0.0.0:68; a unicast reply to `from`
// reaches the sender.
import { createSocket, type Socket } from 'node:dgram';
import type { DhcpProbePort, DhcpProbeRequest, ReceivedDatagram } from '../app/server-ports.js';

const CLIENT_PORT = 68;
const SERVER_PORT = 67;

function bound(address: string, onMessage: (d: ReceivedDatagram) => void): Promise<Socket> {
  const socket = createSocket({ type: 'udp4', reuseAddr: true });
  socket.on('message', (bytes, rinfo) => onMessage({ from: rinfo.address, bytes: new Uint8Array(bytes) }));
  return new Promise((resolve, reject) => {
    socket.once('error', (e) => {
      closeQuietly(socket);
      reject(e);
    });
    socket.bind({ address, port: CLIENT_PORT }, () => {
      socket.removeAllListeners('error');
      // a late error (an ICMP unreachable) must not crash serve; the probe only listens
      socket.on('error', () => undefined);
      resolve(socket);
    });
  });
}

function closeQuietly(socket: Socket): void {
  try {
    socket.close();
  } catch {
    // not bound, or closed already
  }
}

function send(socket: Socket, datagram: Uint8Array): Promise<void> {
  return new Promise((resolve, reject) => socket.send(datagram, SERVER_PORT, '255.255.255.255', (e) => (e ? reject(e) : resolve())));
}

async function probe(request: DhcpProbeRequest): Promise<readonly ReceivedDatagram[]> {
  const received: ReceivedDatagram[] = [];
  const keep = (d: ReceivedDatagram): void => void (received.length < 64 && received.push(d));
  const sockets: Socket[] = [];
  try {
    sockets.push(await bound('0.0.0.0', keep));
    const sender = await bound(request.from, keep);
    sockets.push(sender);
    sender.setBroadcast(true);
    await send(sender, request.datagram);
    const resend = request.resendMs;
    if (resend !== undefined && resend < request.listenMs) {
      await new Promise((r) => setTimeout(r, resend));
      await send(sender, request.datagram);
      await new Promise((r) => setTimeout(r, request.listenMs - resend));
    } else {
      await new Promise((r) => setTimeout(r, request.listenMs));
    }
    return received;
  } finally {
    sockets.forEach(closeQuietly);
  }
}

export const nodeDhcpProbe: DhcpProbePort = { probe };
