// `bootgen serve`: the boot server in one command. Observed state → pure plans → adapters:
// build the site as the server runs it into the state dir and keep it verified (tree-keeper.ts),
// supervise the field's daemons and the HTTP child that serves the tree (http-link.ts), keep the
// overlays up (reconcile.ts), turn what they log into events and a status file, rebuild on SIGHUP,
// and on stop leave nothing running.
import { join, resolve } from 'node:path';
import { hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { BootgenError } from '../../diagnostics/errors.js';
import type { Site } from '../../model/types.js';
import { planDaemons } from '../../net/serve/daemons.js';
import { dnsmasqEvent, httpEvent, machineIndex, type ServeEvent, type ServeEventBody } from '../../net/serve/events.js';
import { httpChildFiles, httpListen } from '../../net/serve/http-daemon.js';
import { defaultStateDir, serveLayout, servedSite } from '../../net/serve/layout.js';
import { serveStatus } from '../../net/serve/status.js';
import type { Ports } from '../ports.js';
import type { DhcpProbePort, FollowPort, StateFilePort, Supervisor, SupervisorPort, TreePort, UdpPort } from '../server-ports.js';
import { requireSite } from '../site.js';
import { linkHttpChild, type HttpLink } from './http-link.js';
import { preflight } from './preflight.js';
import { Reconciler } from './reconcile.js';
import { TreeKeeper } from './tree-keeper.js';
import { httpRefusal, logRefusal, waitReady } from './wait-ready.js';

export interface ServeDeps {
  readonly ports: Ports;
  /** the status file the HTTP child answers from */
  readonly stateFiles: StateFilePort;
  readonly udp: UdpPort;
  readonly tree: TreePort;
  readonly supervisor: SupervisorPort;
  readonly follow: FollowPort;
  /** asks the segment for another DHCP server before a full one is started */
  readonly dhcpProbe: DhcpProbePort;
}

export interface ServeOptions {
  readonly file: string;
  readonly state?: string | undefined;
  readonly iface?: string | undefined;
  readonly tgtControl: number;
  /** the command the DHCP hook runs as bootgen (absolute) */
  readonly bootgen: string;
  /** the node binary that runs the HTTP child (absolute) */
  readonly node: string;
  readonly templatesDir?: string | undefined;
  readonly isRoot: boolean;
  readonly onEvent: (e: ServeEvent) => void;
  readonly onWarnings?: (ds: readonly Diagnostic[]) => void;
  /** aborted: stop */
  readonly signal: AbortSignal;
  /** registers the rebuild callback (SIGHUP) */
  readonly onReload?: (rebuild: () => void) => void;
}

const now = (): string => new Date().toISOString().replace(/\.\d+Z$/, 'Z');
/** What a failed rebuild says in the event stream: its diagnostic codes. */
const codesOf = (e: unknown): string => (e instanceof BootgenError ? e.diagnostics.map((d) => d.code).join(', ') : String(e));

/** Runs until the signal aborts; throws a BootgenError for what it refuses (exit 3) or cannot build. */
export async function serveSite(options: ServeOptions, deps: ServeDeps): Promise<void> {
  const loaded = requireSite(options.file, deps.ports);
  const layout = serveLayout(options.state ?? defaultStateDir(loaded.site.site.dir));
  let site = servedSite(loaded.site.site, layout, options.iface);
  const specs = planDaemons(site, layout, { tgtControl: options.tgtControl, bootgen: options.bootgen, siteFile: resolve(options.file), node: options.node, templatesDir: options.templatesDir });
  const checked = preflight(site, { specs, tree: layout.tree, isRoot: options.isRoot }, { ports: deps.ports, udp: deps.udp, dhcp: deps.dhcpProbe });
  if (hasErrors(checked.refused)) throw new BootgenError(checked.refused);
  for (const d of [layout.run, layout.logs, layout.overlays]) deps.ports.out.ensureDir(d);
  const events: ServeEvent[] = [];
  const since = now();
  const emit = (e: ServeEventBody): void => {
    const event: ServeEvent = { ...e, at: now() }; // one clock for every source
    events.push(event);
    if (events.length > 500) events.splice(0, events.length - 500);
    options.onEvent(event);
    link?.changed();
  };
  let link: HttpLink | undefined;
  const keeper = new TreeKeeper({
    layout, templatesDir: options.templatesDir,
    onTampered: (ds) => emit({ kind: 'serve', detail: `the tree was changed behind serve's back (${ds.map((d) => d.message).join('; ')}): rebuilding it from site.yaml` }),
  }, deps);
  // before the probe: a killed serve's dnsmasq would answer it
  for (const r of await deps.supervisor.reap(specs)) emit({ kind: 'daemon', detail: `${r.name} left running by an earlier serve that was killed (pid ${r.pid}): stopped` });
  // the DHCP probe listens for seconds: it runs while the tree is built
  const [others, built] = await Promise.all([checked.otherDhcp(), keeper.build(site)]);
  if (hasErrors(others)) throw new BootgenError(others);
  options.onWarnings?.([...loaded.warnings, ...checked.refused, ...others, ...built]);
  let machines = machineIndex(site);
  const reconciler = new Reconciler(site, deps.ports, { tgtControl: options.tgtControl, emit });
  const listen = httpListen(site);
  let supervisor: Supervisor | undefined;
  link = linkHttpChild({
    files: httpChildFiles(layout),
    status: () => serveStatus(site, { since, events, overlays: reconciler.rows(), daemons: supervisor?.health() ?? [] }),
    onRequest: (r) => {
      if (!r.path.startsWith('/bootgen/')) emit(httpEvent(r, machines));
    },
    onWriteFailed: (why) => emit({ kind: 'serve', detail: `cannot write the status file: ${why}` }),
  }, deps);
  // from the end: an earlier serve's leases are no events of this one; opened before dnsmasq starts
  const follower = deps.follow.follow(join(layout.logs, 'dnsmasq-events.log'), (line) => {
    const e = dnsmasqEvent(line, machines, join(layout.tree, 'pxe'));
    if (e) emit(e); // stamped by emit: most lines are none of ours, and a time for each costs more than the parse
  }, { fromEnd: true });
  const firstExit = new Map<string, number | null>();
  supervisor = deps.supervisor.supervise(specs, (d) => {
    if (d.kind === 'exited' && !firstExit.has(d.name)) firstExit.set(d.name, d.code ?? null);
    const detail = d.kind === 'exited' ? `${d.name} exited (${d.signal ?? `code ${d.code ?? '?'}`})${d.inMs !== undefined ? `, restarting in ${d.inMs} ms` : ''}` : `${d.name} ${d.kind}${d.pid ? ` (pid ${d.pid})` : ''}`;
    emit({ kind: 'daemon', detail });
    if (d.kind === 'ready' && d.name === 'tgtd') reconciler.tick(); // a restarted tgtd has lost its targets
  });
  try {
    const logOf = (name: string): string => specs.find((s) => s.name === name)?.log ?? '';
    await waitReady(supervisor, options.signal, (name) => (name === 'http' ? httpRefusal(firstExit.get(name), listen, logOf(name))
      : logRefusal(name, firstExit.get(name), logOf(name), deps.ports.files.readText(logOf(name)))));
    reconciler.tick();
    emit({ kind: 'serve', detail: `serving ${site.name} on ${site.network?.iface ?? '?'}: http://${listen.host}:${listen.port}${listen.prefix} (status: /bootgen/status)` });
    options.onReload?.(() => {
      // site.yaml is read again; a site that no longer loads or builds leaves the previous tree served
      const next = (): Site => servedSite(requireSite(options.file, deps.ports).site.site, layout, options.iface);
      void Promise.resolve().then(next).then(async (changed) => {
        await keeper.build(changed);
        site = changed;
        reconciler.use(changed);
        machines = machineIndex(site);
      }).then(
        () => emit({ kind: 'serve', detail: 'rebuilt and verified the tree' }),
        (e: unknown) => emit({ kind: 'serve', detail: `rebuild failed, still serving the previous tree: ${codesOf(e)}` }),
      );
    });
    const timer = setInterval(() => {
      reconciler.tick();
      link?.changed(); // overlay fill moves without an event
      keeper.check(site).then((rebuilt) => rebuilt && emit({ kind: 'serve', detail: 'rebuilt and verified the tree' }), (e: unknown) => emit({ kind: 'serve', detail: `could not rebuild the changed tree, still serving it: ${codesOf(e)}` }));
    }, 5000);
    await new Promise<void>((done) => (options.signal.aborted ? done() : options.signal.addEventListener('abort', () => done(), { once: true })));
    clearInterval(timer);
  } finally {
    follower.stop();
    link.stop();
    // exports first, while tgtd still runs to take them down; then the daemons
    await reconciler.stopAsync().catch((e: unknown) => emit({ kind: 'daemon', detail: `overlays stop: ${e instanceof Error ? e.message : String(e)}` }));
    await supervisor.stop();
    emit({ kind: 'serve', detail: 'stopped: daemons, exports and devices removed; persistent overlays kept' });
  }
}
