// The boot tree's HTTP server as one more supervised daemon of `bootgen serve` (issue 10): a
// `bootgen serve-http` child, so a crash in it costs a restart and not the server. It answers the
// status routes from the file serve keeps in run/, and logs each request as one JSON line that
// serve follows into its events (access-log.ts). Pure.
import { posix } from 'node:path';
import type { Site } from '../../model/types.js';
import type { DaemonSpec } from './daemons.js';
import type { ServeLayout } from './layout.js';

export interface HttpListen {
  readonly host: string;
  readonly port: number;
  /** the URL path the tree is served under (`/boot`) */
  readonly prefix: string;
}

/** Where serve and its HTTP child meet in the state dir. */
export interface HttpChildFiles {
  /** serveStatus() as JSON, replaced whole by serve */
  readonly status: string;
  /** one JSON line per finished request, appended by the child */
  readonly accessLog: string;
}

/**
 * How the child says why it did not start: a refusal serve reports as the diagnostic it names,
 * not as a restart loop. 98 and 99 are Linux's EADDRINUSE and EADDRNOTAVAIL, so a reader of the
 * exit status alone can guess.
 */
export const HTTP_CHILD_EXIT: Readonly<Record<number, 'env/http-port-in-use' | 'env/http-listen-failed'>> = {
  98: 'env/http-port-in-use',
  99: 'env/http-listen-failed',
};

export function httpListen(site: Site): HttpListen {
  const url = new URL(site.network?.http ?? 'http://0.0.0.0/');
  return { host: url.hostname, port: url.port === '' ? 80 : Number(url.port), prefix: url.pathname };
}

export const httpChildFiles = (layout: ServeLayout): HttpChildFiles => ({
  status: posix.join(layout.run, 'status.json'),
  accessLog: posix.join(layout.logs, 'http-access.log'),
});

export interface HttpDaemonOptions {
  /** the node binary (absolute) */
  readonly node: string;
  /** bin/bootgen.js (absolute) */
  readonly bootgen: string;
  readonly templatesDir?: string | undefined;
}

/**
 * Ready once it answers the status route with the file serve wrote before starting it: the probe
 * checks the listening socket, the routes and the file in one GET, with the node already there.
 */
export function httpDaemon(site: Site, layout: ServeLayout, options: HttpDaemonOptions, restart: DaemonSpec['restart']): DaemonSpec {
  const at = httpListen(site);
  const files = httpChildFiles(layout);
  const probe = `require('http').get({host:${JSON.stringify(at.host)},port:${at.port},path:'/bootgen/status.json',timeout:2000},(r)=>process.exit(r.statusCode===200?0:1)).on('error',()=>process.exit(1))`;
  return {
    name: 'http',
    argv: [
      options.node, options.bootgen, 'serve-http', '--root', posix.join(layout.tree, 'pxe'), '--host', at.host, '--port', String(at.port), '--prefix', at.prefix,
      '--status', files.status, '--access-log', files.accessLog, ...(options.templatesDir !== undefined ? ['--templates', options.templatesDir] : []),
    ],
    pkg: 'nodejs',
    env: {},
    log: posix.join(layout.logs, 'http.log'),
    ready: [options.node, '-e', probe],
    restart,
  };
}
