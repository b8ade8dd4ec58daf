// The HTTP child of `bootgen serve` (`bootgen serve-http`, net/serve/http-daemon.ts): the PXE
// tree over HTTP, the status routes answered from the file serve keeps (net/serve/status-file.ts)
// with the templates loaded once, and one access-log line per finished request for serve's
// events. It holds no state of its own, so the supervisor may kill and restart it at any time.
import { BootgenError } from '../../diagnostics/errors.js';
import { accessLine } from '../../net/serve/access-log.js';
import { parseStatusFile, shownStatus } from '../../net/serve/status-file.js';
import { renderStatusPage } from '../../net/serve/status.js';
import type { Ports, TemplateSet } from '../ports.js';
import type { HttpPort, HttpRouteAnswer, StateFilePort } from '../server-ports.js';

export interface HttpChildOptions {
  readonly root: string;
  readonly host: string;
  readonly port: number;
  readonly prefix: string;
  /** the status file serve writes */
  readonly status: string;
  readonly accessLog: string;
  readonly templatesDir?: string | undefined;
  /** aborted: stop listening, end every connection, return */
  readonly signal: AbortSignal;
  readonly onListening?: (port: number) => void;
}

export interface HttpChildDeps {
  readonly ports: Ports;
  readonly http: HttpPort;
  readonly stateFiles: StateFilePort;
}

export const STATUS_ROUTES = { json: '/bootgen/status.json', page: '/bootgen/status' } as const;

/** Runs until the signal aborts; rejects with a BootgenError when it cannot listen or load its templates. */
export async function serveHttpChild(options: HttpChildOptions, deps: HttpChildDeps): Promise<void> {
  const loaded = deps.ports.loadTemplates(options.templatesDir);
  if (!loaded.value) throw new BootgenError(loaded.diagnostics);
  const templates = loaded.value;
  const server = await deps.http.startHttpServer({
    root: options.root, host: options.host, port: options.port, prefix: options.prefix,
    routes: (path) => statusRoute(path, options.status, deps.ports, templates),
    onRequest: (r) => {
      try {
        deps.stateFiles.appendLine(options.accessLog, accessLine({ at: new Date().toISOString(), ...r }));
      } catch {
        // the log only feeds serve's events: a full disk must not stop the tree being served
      }
    },
  });
  options.onListening?.(server.port);
  await new Promise<void>((done) => (options.signal.aborted ? done() : options.signal.addEventListener('abort', () => done(), { once: true })));
  await server.close();
}

function statusRoute(path: string, file: string, ports: Ports, templates: TemplateSet): HttpRouteAnswer | undefined {
  if (path !== STATUS_ROUTES.json && path !== STATUS_ROUTES.page) return undefined;
  const text = ports.files.readText(file);
  const parsed = text === undefined ? undefined : parseStatusFile(text);
  if (!parsed) return { status: 503, type: 'text/plain; charset=utf-8', body: '503 serve has not written its status yet\n' };
  const shown = shownStatus(parsed, Date.now());
  if (path === STATUS_ROUTES.json) return { status: 200, type: 'application/json', body: `${JSON.stringify(shown, null, 2)}\n` };
  return { status: 200, type: 'text/html; charset=utf-8', body: renderStatusPage(shown, templates) };
}
