// The overlay lifecycle as plans: init, reset, destroy (merge: overlay-merge.ts). Each plan is
// computed from what is already in place, so running it twice does nothing the second time.
import { diag, type Diagnostic, type Result } from '../diagnostics/diagnostic.js';
import { dmAttach, dmCreate, dmDetach, dmMaster, dmReleaseMaster, dmRemove } from './dm-engine.js';
import { planExport, planUnexport } from './export-plan.js';
import { masterFor, withoutOverlay } from './overlay-state.js';
import { qcow2Attach, qcow2Create, qcow2Detach, qcow2Remove } from './qcow2-engine.js';
import { exec, protectMaster } from './steps.js';
import type { MasterSpec, ObservedState, OverlayLayout, OverlaySpec, Plan, Step } from './types.js';

/** Masters the overlays need, in first-use order, deduplicated by path. */
function mastersInUse(layout: OverlayLayout, overlays: readonly OverlaySpec[], state: ObservedState): readonly MasterSpec[] {
  const seen = new Map<string, MasterSpec>();
  for (const o of overlays) {
    const m = masterFor(layout, o, state);
    if (m && !seen.has(m.path)) seen.set(m.path, m);
  }
  return [...seen.values()];
}

export function prepareMaster(layout: OverlayLayout, master: MasterSpec, state: ObservedState): readonly Step[] {
  return layout.engine === 'dm-snapshot' ? dmMaster(master, state) : protectMaster(master, state);
}

/** Create (if missing), attach and export one overlay. */
export function bringUp(layout: OverlayLayout, o: OverlaySpec, state: ObservedState): Result<readonly Step[]> {
  const master = masterFor(layout, o, state);
  if (!master) return { value: [], diagnostics: [diag('net/no-master', 'error', `no master for overlay ${o.name} (image ${o.image})`)] };
  const engine =
    layout.engine === 'qcow2'
      ? [...qcow2Create(o, master, state), ...qcow2Attach(o, state)]
      : [...dmCreate(layout, o, master, state), ...dmAttach(layout, o, master, state)];
  const exported = planExport(layout, o, state);
  return { value: [...engine, ...exported.steps], diagnostics: exported.diagnostics };
}

/** Unexport, detach and (with `remove`) delete one overlay. */
export function tearDown(layout: OverlayLayout, o: OverlaySpec, state: ObservedState, remove: boolean): readonly Step[] {
  const steps = [...planUnexport(layout, o, state)];
  steps.push(...(layout.engine === 'qcow2' ? qcow2Detach(o, state) : dmDetach(o, state)));
  if (remove) steps.push(...(layout.engine === 'qcow2' ? qcow2Remove(o, state) : dmRemove(o, state)));
  return steps;
}

export function planInit(layout: OverlayLayout, state: ObservedState): Result<Plan> {
  const steps: Step[] = [];
  const diagnostics: Diagnostic[] = [];
  if (!state.files.has(layout.dir)) steps.push(exec(['mkdir', '-p', layout.dir], 'overlays live here (network.overlays.dir)'));
  for (const m of mastersInUse(layout, layout.overlays, state)) steps.push(...prepareMaster(layout, m, state));
  for (const o of layout.overlays) {
    const r = bringUp(layout, o, state);
    steps.push(...r.value);
    diagnostics.push(...r.diagnostics);
  }
  const notes = steps.length === 0 ? ['every overlay is already created, attached and exported'] : [];
  return { value: { steps, notes }, diagnostics };
}

/** Reset: tear the overlays down, delete them, and re-create them on the current master. */
export function planReset(layout: OverlayLayout, overlays: readonly OverlaySpec[], state: ObservedState): Result<Plan> {
  const steps: Step[] = [];
  const diagnostics: Diagnostic[] = [];
  let after = state;
  for (const o of overlays) {
    steps.push(...tearDown(layout, o, after, true));
    after = withoutOverlay(after, o);
  }
  for (const m of mastersInUse(layout, overlays, after)) steps.push(...prepareMaster(layout, m, after));
  for (const o of overlays) {
    const r = bringUp(layout, o, after);
    steps.push(...r.value);
    diagnostics.push(...r.diagnostics);
  }
  return { value: { steps, notes: [] }, diagnostics };
}

export function planDestroy(layout: OverlayLayout, state: ObservedState): Result<Plan> {
  const steps: Step[] = [];
  let after = state;
  for (const o of layout.overlays) {
    steps.push(...tearDown(layout, o, after, true));
    after = withoutOverlay(after, o);
  }
  if (layout.engine === 'dm-snapshot') {
    const masters = new Map<string, MasterSpec>();
    for (const m of layout.masters) masters.set(m.path, m);
    for (const r of state.parents.values()) masters.set(r.path, { ...r });
    for (const m of masters.values()) steps.push(...dmReleaseMaster(m, after));
  }
  const notes = ['master files are left in place and read-only; `chmod u+w` one to change it'];
  return { value: { steps, notes }, diagnostics: [] };
}

/**
 * `bootgen serve` stopping: every export and device it made goes (so nothing it started is left
 * running), immutable overlays are deleted (the next start makes them fresh), persistent ones are
 * kept with their files.
 */
export function planStop(layout: OverlayLayout, state: ObservedState): Result<Plan> {
  const steps: Step[] = [];
  let after = state;
  for (const o of layout.overlays) {
    steps.push(...tearDown(layout, o, after, o.session === 'immutable'));
    after = withoutOverlay(after, o);
  }
  if (layout.engine === 'dm-snapshot') for (const m of mastersInUse(layout, layout.overlays, state)) steps.push(...dmReleaseMaster(m, after));
  return { value: { steps, notes: ['persistent overlays are kept; immutable ones start fresh next time'] }, diagnostics: [] };
}
