// The daemons `bootgen serve` supervises, as data (DESIGN.md: observed state → pure daemon plan →
// one supervisor adapter): argv, environment, log, a readiness probe and the restart policy. The
// field's own daemons with the configs bootgen generated, and bootgen's own HTTP server
// (http-daemon.ts); vblade exports are kept up by the overlays plan instead (they daemonise
// themselves), see app/serve/reconcile.ts.
import { posix } from 'node:path';
import type { Site } from '../../model/types.js';
import { exportOf, overlayMachines } from '../../targets/san-naming.js';
import { httpDaemon } from './http-daemon.js';
import type { ServeLayout } from './layout.js';

export interface DaemonSpec {
  readonly name: string;
  readonly argv: readonly string[];
  /** the Debian package that provides argv[0] */
  readonly pkg: string;
  readonly env: Readonly<Record<string, string>>;
  /** stdout and stderr go here */
  readonly log: string;
  /** a command that succeeds once the daemon serves */
  readonly ready?: readonly string[];
  /** restart after an exit: first after initialMs, doubling to maxMs */
  readonly restart: { readonly initialMs: number; readonly maxMs: number };
  /**
   * where the supervisor records the pid: a daemon of the same argv still running there was left
   * by a serve that was killed (SIGKILL leaves its children), and is stopped before this one starts
   */
  readonly pidFile?: string;
}

export interface DaemonOptions {
  /** tgtd's management port (tgtadm -C) */
  readonly tgtControl: number;
  /** the command the DHCP hook runs as bootgen (absolute) */
  readonly bootgen: string;
  /** site.yaml, for the hook */
  readonly siteFile: string;
  /** the node binary that runs the HTTP child (absolute) */
  readonly node: string;
  /** template overrides, for the HTTP child's status page */
  readonly templatesDir?: string | undefined;
}

const RESTART = { initialMs: 500, maxMs: 10_000 } as const;

export function planDaemons(site: Site, layout: ServeLayout, options: DaemonOptions): DaemonSpec[] {
  const net = site.network;
  if (!net) return [];
  const log = (name: string): string => posix.join(layout.logs, `${name}.log`);
  const specs: DaemonSpec[] = [
    {
      name: 'dnsmasq',
      argv: [
        'dnsmasq', '--keep-in-foreground', `--conf-file=${posix.join(layout.tree, 'dhcp/dnsmasq.conf')}`, `--dhcp-leasefile=${layout.leases}`,
        `--pid-file=${posix.join(layout.run, 'dnsmasq.pid')}`, '--log-dhcp', `--log-facility=${log('dnsmasq-events')}`,
      ],
      pkg: 'dnsmasq',
      // the reset hook (dhcp-script) runs `bootgen overlays` on this server's site and state
      env: { BOOTGEN: options.bootgen, BOOTGEN_SITE: options.siteFile, BOOTGEN_OVERLAYS_OPTIONS: `--state ${layout.state} --tgt-control ${options.tgtControl}` },
      log: log('dnsmasq'),
      restart: RESTART,
    },
    httpDaemon(site, layout, options, RESTART),
  ];
  if (siteExporters(site).has('tgt')) {
    const control = ['-C', String(options.tgtControl)];
    specs.push({
      name: 'tgtd',
      argv: ['tgtd', '-f', ...control, '--iscsi', `portal=${net.server}:3260`],
      pkg: 'tgt',
      env: {},
      log: log('tgtd'),
      ready: ['tgtadm', ...control, '--lld', 'iscsi', '--op', 'show', '--mode', 'target'],
      restart: RESTART,
    });
  }
  return specs.map((s) => ({ ...s, pidFile: posix.join(layout.run, `${s.name}.supervised.pid`) }));
}

/** The export daemons a site needs: the site's own, and each SAN-booting machine's (machines[].san). */
export function siteExporters(site: Site): ReadonlySet<'tgt' | 'vblade'> {
  return new Set([...(site.network ? [site.network.overlays.export] : []), ...overlayMachines(site).map((m) => exportOf(site, m))]);
}
