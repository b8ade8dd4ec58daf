// Pure helpers over observed state: which master an overlay sits on, and the state as it will be
// once an overlay has been torn down (so a reset plans its re-creation from scratch).
import { vbladePid } from './export-plan.js';
import type { MasterSpec, ObservedState, OverlayLayout, OverlaySpec } from './types.js';

/** The newest generation of an image (layout.masters lists every generation io/ found). */
export function currentMaster(layout: OverlayLayout, image: string): MasterSpec | undefined {
  let best: MasterSpec | undefined;
  for (const m of layout.masters) if (m.image === image && (!best || m.generation > best.generation)) best = m;
  return best;
}

/** The generation an existing overlay was made from, else the current one (a new overlay). */
export function masterFor(layout: OverlayLayout, o: OverlaySpec, state: ObservedState): MasterSpec | undefined {
  const record = state.parents.get(o.name);
  const current = currentMaster(layout, o.image);
  if (!record || !state.files.has(o.file)) return current;
  return layout.masters.find((m) => m.path === record.path) ?? { ...record };
}

/** The state once the overlay's export, daemon, devices and files are gone. */
export function withoutOverlay(state: ObservedState, o: OverlaySpec): ObservedState {
  const drop = <T>(set: ReadonlySet<T>, ...xs: T[]): ReadonlySet<T> => new Set([...set].filter((x) => !xs.includes(x)));
  const targets = new Map(state.targets);
  if (targets.get(o.tid)?.iqn === o.iqn) targets.delete(o.tid);
  const loops = new Map(state.loops);
  loops.delete(o.file);
  const dm = new Map(state.dm);
  dm.delete(o.dmName);
  const parents = new Map(state.parents);
  parents.delete(o.name);
  return {
    ...state,
    files: drop(state.files, o.file, o.device, o.parentFile),
    livePids: drop(state.livePids, o.pidFile, vbladePid(o)),
    mounts: drop(state.mounts, o.device),
    targets,
    loops,
    dm,
    parents,
  };
}

/** The state once a master file and its loop device exist (after a merge made it). */
export function withMaster(state: ObservedState, master: MasterSpec, loop: string | undefined): ObservedState {
  const loops = new Map(state.loops);
  if (loop) loops.set(master.path, loop);
  return { ...state, files: new Set([...state.files, master.path]), loops };
}

/** Machines that are using an overlay now: a tgt session, or a live AoE blade (AoE has no sessions). */
export function inUse(o: OverlaySpec, state: ObservedState): boolean {
  if (o.export === 'vblade') return state.livePids.has(vbladePid(o));
  const t = state.targets.get(o.tid);
  return t !== undefined && t.iqn === o.iqn && t.sessions > 0;
}
