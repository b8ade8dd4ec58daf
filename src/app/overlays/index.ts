// The overlay commands end to end: site → master generations → layout → observed state → plan →
// (dry run | run). Each command observes first, so re-running one only does what is missing.
import { diag, hasErrors, type Diagnostic, type Result } from '../../diagnostics/diagnostic.js';
import { BootgenError } from '../../diagnostics/errors.js';
import type { Site } from '../../model/types.js';
import { cowBytes } from '../../net/dm-engine.js';
import { planOverlayLayout } from '../../net/overlay-layout.js';
import { planDestroy, planInit, planReset, planStop } from '../../net/overlay-lifecycle.js';
import { planMerge } from '../../net/overlay-merge.js';
import { masterFor } from '../../net/overlay-state.js';
import { overlayStatus, type OverlayFacts, type OverlayRow } from '../../net/overlay-status.js';
import { parseSnapshotStatus } from '../../net/probe-parsers.js';
import type { ObservedState, OverlayLayout, OverlaySpec, Plan } from '../../net/types.js';
import { readImageHeader } from '../../formats/detect.js';
import { overlayEntriesOf } from '../../targets/san-naming.js';
import type { Ports } from '../ports.js';
import { findMasters } from './masters.js';
import { observeState, tgtReachable } from './observe.js';

export { describeMaster, findMasters } from './masters.js';
export { observeState } from './observe.js';

export interface OverlayContext {
  readonly layout: OverlayLayout;
  readonly state: ObservedState;
  readonly diagnostics: readonly Diagnostic[];
}

export interface OverlayOptions {
  readonly tgtControl?: number;
  readonly tidBase?: number;
}

export async function overlayContext(site: Site, ports: Ports, options: OverlayOptions = {}): Promise<OverlayContext> {
  const net = site.network;
  const images = [...new Set(site.machines.flatMap((m) => overlayEntriesOf(site, m).map((e) => e.boot.disk)))];
  const masters = net ? await findMasters(site, net.overlays.engine, images, ports) : [];
  const r = planOverlayLayout(site, { masters, ...options });
  if (!r.value || hasErrors(r.diagnostics)) throw new BootgenError(r.diagnostics);
  return { layout: r.value, state: observeState(r.value, ports), diagnostics: r.diagnostics };
}

/** The overlays NAME selects: a machine's (optionally only immutable ones) or one `<machine>-<entry>`. */
export function selectOverlays(layout: OverlayLayout, name: string, immutableOnly: boolean): readonly OverlaySpec[] {
  const picked = layout.overlays.filter((o) => o.machine === name || o.name === name);
  if (picked.length === 0) {
    const known = [...new Set(layout.overlays.flatMap((o) => [o.machine, o.name]))];
    throw new BootgenError([diag('net/unknown-overlay', 'error', `${name}: no machine or overlay of that name has an overlay`, { expected: `one of ${known.slice(0, 12).join(', ')}` })]);
  }
  return immutableOnly ? picked.filter((o) => o.session === 'immutable') : picked;
}

export type OverlayAction = { kind: 'init' } | { kind: 'destroy' } | { kind: 'stop' } | { kind: 'reset'; overlays: readonly OverlaySpec[] } | { kind: 'merge'; overlay: OverlaySpec };

export function planAction(ctx: OverlayContext, action: OverlayAction): Result<Plan> {
  switch (action.kind) {
    case 'init':
      return planInit(ctx.layout, ctx.state);
    case 'destroy':
      return planDestroy(ctx.layout, ctx.state);
    case 'stop':
      return planStop(ctx.layout, ctx.state);
    case 'reset':
      return planReset(ctx.layout, action.overlays, ctx.state);
    case 'merge':
      return planMerge(ctx.layout, action.overlay, ctx.state);
  }
}

export function noDeviceMapper(): Diagnostic {
  return diag('net/no-device-mapper', 'error', 'the kernel has no device-mapper (`dmsetup version` fails), so dm-snapshot overlays cannot run here', {
    hint: 'load dm_snapshot (modprobe dm_snapshot), use network.overlays.engine: qcow2, or print the plan with --dry-run',
  });
}

/** Why this machine cannot run the plan (missing kernel feature or daemon), else undefined. */
export function cannotRun(layout: OverlayLayout, plan: Plan, ports: Ports): Diagnostic | undefined {
  const uses = (tool: string) => plan.steps.some((s) => s.kind === 'exec' && s.argv[0] === tool);
  if (uses('dmsetup') && ports.proc.run(['dmsetup', 'version']).status !== 0) return noDeviceMapper();
  if (uses('tgtadm') && !tgtReachable(layout, ports)) {
    return diag('net/tgtd-unreachable', 'error', `tgtd is not running${layout.tgtControl === undefined ? '' : ` on control port ${layout.tgtControl}`}`, {
      hint: 'start it (systemctl start tgt) and re-run',
    });
  }
  return undefined;
}

export function executePlan(ctx: OverlayContext, plan: Plan, ports: Ports, log?: (line: string) => void): number {
  const blocked = cannotRun(ctx.layout, plan, ports);
  if (blocked) throw new BootgenError([blocked]);
  return ports.plans.run(plan, log ? { log } : {}).ran;
}

/**
 * Runs `fn` holding the overlay dir's lock: observing, planning and running never overlap another
 * overlays command (serve's reconciler, the DHCP hook's reset, a person). `waitMs: 0` skips when busy.
 */
export async function withOverlayLock<T>(site: Site, ports: Ports, waitMs: number, fn: () => Promise<T>): Promise<T | undefined> {
  const dir = site.network?.overlays.dir;
  // no overlay dir yet: nothing to race over, and nothing may be written before the plan runs
  if (!dir || ports.files.stat(dir)?.kind !== 'directory') return fn();
  const lock = await ports.locks.acquire(dir, { waitMs });
  if (!lock) {
    if (waitMs > 0) throw new BootgenError([diag('net/overlays-busy', 'error', `another overlays command has held ${dir} for ${Math.round(waitMs / 1000)} s`, { hint: 'wait for it, or remove its .bootgen-lock if its process is gone' })]);
    return undefined;
  }
  try {
    return await fn();
  } finally {
    lock.release();
  }
}

export async function statusOf(ctx: OverlayContext, ports: Ports): Promise<Result<readonly OverlayRow[]>> {
  const facts = await overlayFacts(ctx.layout, ctx.state, ports);
  return overlayStatus({ layout: ctx.layout, state: ctx.state, facts, disk: ports.files.diskSpace(ctx.layout.dir) });
}

/** Bytes each overlay holds and can hold, its dm status, and (qcow2) the backing name its header records. */
async function overlayFacts(layout: OverlayLayout, state: ObservedState, ports: Ports): Promise<Map<string, OverlayFacts>> {
  const out = new Map<string, OverlayFacts>();
  for (const o of layout.overlays) {
    if (!state.files.has(o.file)) continue;
    const virtualSize = masterFor(layout, o, state)?.virtualSize ?? 0;
    const usedBytes = (ports.files.stat(o.file)?.blocks ?? 0) * 512;
    const capacityBytes = layout.engine === 'dm-snapshot' ? cowBytes(virtualSize, layout.chunk) : virtualSize;
    const dmLine = state.dm.get(o.dmName);
    const dm = dmLine === undefined ? undefined : parseSnapshotStatus(dmLine);
    const backing = layout.engine === 'qcow2' ? await backingName(o.file, ports) : undefined;
    out.set(o.name, { usedBytes, capacityBytes, ...(dm ? { dm } : {}), ...(backing !== undefined ? { backing } : {}) });
  }
  return out;
}

async function backingName(path: string, ports: Ports): Promise<string | undefined> {
  const file = await ports.images.open(path);
  try {
    return (await readImageHeader(file, path)).value?.parent?.name;
  } finally {
    await file.close();
  }
}
