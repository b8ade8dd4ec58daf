// Keeps the overlays of a running `bootgen serve` as the plan wants them: every few seconds it
// observes, and when the init plan has steps (a restarted tgtd lost its targets, a vblade died)
// it runs them; it reports SAN logins (new tgt sessions) and boot-time resets (the DHCP hook's
// stamps), and on stop runs the stop plan (exports and devices removed, immutable overlays gone)
// for every site it kept during this run, so a machine a SIGHUP removed is not left exported.
import { BootgenError } from '../../diagnostics/errors.js';
import type { Site } from '../../model/types.js';
import type { ServeEvent } from '../../net/serve/events.js';
import type { OverlayRow } from '../../net/overlay-status.js';
import { overlayMachines } from '../../targets/san-naming.js';
import { executePlan, overlayContext, planAction, statusOf, withOverlayLock, type OverlayContext } from '../overlays/index.js';
import type { Ports } from '../ports.js';

export interface ReconcileOptions {
  readonly tgtControl: number;
  readonly emit: (e: Omit<ServeEvent, 'at'>) => void;
}

export class Reconciler {
  private running: Promise<void> | undefined;
  private last: readonly OverlayRow[] = [];
  private sessions = new Map<string, number>();
  private stamps = new Map<string, number>();
  /** a stamp first seen with a time after this is a reset of this run, not an earlier one's */
  private readonly since = Date.now();
  /** every site reconciled during this run, the current one last */
  private readonly sites: Site[] = [];

  constructor(
    site: Site,
    private readonly ports: Ports,
    private readonly options: ReconcileOptions,
  ) {
    this.use(site);
  }

  private get site(): Site {
    return this.sites[this.sites.length - 1]!;
  }

  /** From the next tick on, keep this site's overlays (after a rebuild on SIGHUP). */
  use(site: Site): void {
    this.sites.push(site);
  }

  rows(): readonly OverlayRow[] {
    return this.last;
  }

  /** One reconciliation (never two at once). */
  tick(): void {
    if (!wanted(this.site) || this.running) return;
    // a reset by the DHCP hook holds the lock: skip this round rather than wait
    this.running = withOverlayLock(this.site, this.ports, 0, () => this.once()).then(() => undefined).catch((e: unknown) => this.options.emit({ kind: 'daemon', detail: `overlays: ${e instanceof BootgenError ? e.diagnostics.map((d) => d.message).join('; ') : String(e)}` })).finally(() => {
      this.running = undefined;
    });
  }

  private async context(): Promise<OverlayContext> {
    return overlayContext(this.site, this.ports, { tgtControl: this.options.tgtControl });
  }

  private async once(): Promise<void> {
    let ctx = await this.context();
    const init = planAction(ctx, { kind: 'init' });
    if (init.value.steps.length > 0) {
      const ran = executePlan(ctx, init.value, this.ports);
      this.options.emit({ kind: 'daemon', detail: `overlays: ${ran} step${ran === 1 ? '' : 's'} to create or re-export them` });
      ctx = await this.context();
    }
    this.last = (await statusOf(ctx, this.ports)).value;
    this.logins(ctx);
    this.resets(ctx);
  }

  /** A new I_T nexus on a machine's target is that machine's SAN login. */
  private logins(ctx: OverlayContext): void {
    for (const o of ctx.layout.overlays) {
      const target = [...ctx.state.targets.values()].find((t) => t.iqn === o.iqn);
      const now = target?.sessions ?? 0;
      if (now > (this.sessions.get(o.name) ?? 0)) this.options.emit({ kind: 'san-login', machine: o.machine, mac: o.mac, detail: `iSCSI login to ${o.iqn}` });
      this.sessions.set(o.name, now);
    }
  }

  /** The DHCP hook touches `<overlays>/.reset-stamps/<machine>` when it resets a machine's immutable overlays. */
  private resets(ctx: OverlayContext): void {
    for (const m of new Set(ctx.layout.overlays.filter((o) => o.session === 'immutable').map((o) => o.machine))) {
      const st = this.ports.files.stat(`${ctx.layout.dir}/.reset-stamps/${m}`);
      const seen = this.stamps.get(m);
      if (st && st.mtimeMs !== seen) {
        if (seen !== undefined || st.mtimeMs >= this.since) this.options.emit({ kind: 'reset', machine: m, detail: 'immutable overlays reset for this boot' });
        this.stamps.set(m, st.mtimeMs);
      }
    }
  }

  /** Stop plan of every site kept, newest first: run even when a tick is in flight, after it. */
  async stopAsync(): Promise<void> {
    await this.running;
    for (const site of [...this.sites].reverse().filter(wanted)) {
      await withOverlayLock(site, this.ports, 60_000, async () => {
        const ctx = await overlayContext(site, this.ports, { tgtControl: this.options.tgtControl });
        executePlan(ctx, planAction(ctx, { kind: 'stop' }).value, this.ports);
      });
    }
  }
}

const wanted = (site: Site): boolean => overlayMachines(site).length > 0;
