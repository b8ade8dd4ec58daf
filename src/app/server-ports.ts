// The ports of the boot server and its tools (bootgen serve, wake, verify; issue 10): HTTP, UDP
// and the DHCP probe, tree hashing, process supervision, log following and the status file.
// Implemented by io/http-server.ts, io/udp-send.ts, io/dhcp-probe.ts, io/tree-hash.ts,
// io/supervisor.ts, io/follow-file.ts and io/state-file.ts; not members of Ports, so the commands
// that need them are handed them apart.
import type { AccessEntry } from '../net/serve/access-log.js';
import type { DaemonSpec } from '../net/serve/daemons.js';
import type { DaemonHealth } from '../net/serve/status.js';
import type { ReceivedDatagram } from '../net/dhcp-discover.js';
import type { FileKind } from './ports.js';

export type { DaemonHealth, DaemonSpec, ReceivedDatagram };

/** What a route (`/bootgen/status.json`, …) answers instead of a file. */
export interface HttpRouteAnswer {
  readonly status: number;
  /** the Content-Type */
  readonly type: string;
  readonly body: string | Uint8Array;
}

/** One line of the HTTP server's event stream: a request answered (or cut off by the client). */
export type HttpRequestEvent = Omit<AccessEntry, 'at'>;

export interface HttpServerOptions {
  /** the tree served; nothing outside its real path is ever served */
  readonly root: string;
  readonly host: string;
  /** 0: any free port (see HttpServer.port) */
  readonly port: number;
  /** checked before files, with the decoded path */
  readonly routes?: (path: string) => HttpRouteAnswer | undefined;
  /** the URL path the root is served under (`/boot` for http://server/boot); default `/` */
  readonly prefix?: string;
  readonly onRequest?: (event: HttpRequestEvent) => void;
}

export interface HttpServer {
  /** the port listened on */
  readonly port: number;
  /** stops listening and ends every connection, in flight or idle */
  close(): Promise<void>;
}

export interface HttpPort {
  /** rejects with a BootgenError (env/http-port-in-use, env/http-listen-failed) when it cannot listen */
  startHttpServer(options: HttpServerOptions): Promise<HttpServer>;
}

export interface InterfaceAddress {
  /** interface name, e.g. eth0 */
  readonly name: string;
  readonly address: string;
  readonly family: 'IPv4' | 'IPv6';
}

export interface Datagram {
  readonly bytes: Uint8Array;
  readonly address: string;
  readonly port: number;
}

export interface UdpPort {
  /** the machine's IPv4 and IPv6 addresses, by interface */
  interfaces(): readonly InterfaceAddress[];
  /** sends each datagram once, broadcast allowed, from `from` (a local address) when given; rejects on a send error */
  sendDatagrams(datagrams: readonly Datagram[], options?: { readonly from?: string }): Promise<void>;
}

export interface DhcpProbeRequest {
  /** a local IPv4 address of the interface to probe: the broadcast leaves by the interface holding it */
  readonly from: string;
  readonly datagram: Uint8Array;
  readonly listenMs: number;
  /** sends the datagram again this many ms after the first (a broadcast lost while a port comes up) */
  readonly resendMs?: number;
}

export interface DhcpProbePort {
  /**
   * Broadcasts `datagram` from port 68 to 255.255.255.255:67 and returns every datagram that
   * reaches port 68 (broadcast or unicast) while it listens; rejects when it cannot bind or send.
   */
  probe(request: DhcpProbeRequest): Promise<readonly ReceivedDatagram[]>;
}

export interface TreeFile {
  /** POSIX path relative to the tree's root */
  readonly path: string;
  /** symlinks are followed to what they name; a symlink to a directory is 'other' and not entered */
  readonly kind: FileKind;
}

export interface TreePort {
  /** every non-directory under dir, recursively, sorted by path */
  walk(dir: string): readonly TreeFile[];
  /** the file's SHA-256 (hex), streamed; undefined when it cannot be read */
  sha256(path: string): Promise<string | undefined>;
}

// ── bootgen serve's process supervision and log following (io/supervisor.ts, io/follow-file.ts)

export interface DaemonEvent {
  readonly name: string;
  readonly kind: 'started' | 'ready' | 'exited';
  readonly pid?: number;
  readonly code?: number | null;
  readonly signal?: string | null;
  /** restart scheduled in this many ms */
  readonly inMs?: number;
  readonly detail?: string;
}

export interface Supervisor {
  health(): readonly DaemonHealth[];
  /** every daemon started and its readiness probe passed */
  ready(): boolean;
  /** stops every process it started (SIGTERM, then SIGKILL) and resolves when all are gone */
  stop(): Promise<void>;
}

export interface SupervisorPort {
  /**
   * Stops what a supervisor that was killed left running: a process at a spec's recorded pid with
   * the spec's argv (DaemonSpec.pidFile). The name and pid of each one stopped.
   */
  reap(specs: readonly DaemonSpec[]): Promise<readonly { readonly name: string; readonly pid: number }[]>;
  supervise(specs: readonly DaemonSpec[], onEvent: (e: DaemonEvent) => void): Supervisor;
}

export interface FollowPort {
  /** calls onLine with each complete line appended to the file from now (or from its start) */
  follow(path: string, onLine: (line: string) => void, options?: { readonly fromEnd?: boolean; readonly intervalMs?: number }): { stop(): void };
}

/** serve's small state files (io/state-file.ts): the status its HTTP child answers from, the child's access log. */
export interface StateFilePort {
  /** writes beside the file and renames it over, so a reader sees the old text or the new, never part of one */
  replace(path: string, text: string): void;
  /** appends one line (the newline added) in one write, so concurrent appenders never interleave inside a line */
  appendLine(path: string, line: string): void;
}
