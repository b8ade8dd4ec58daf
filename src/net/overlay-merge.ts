// merge: fold one machine's overlay into a new master generation `<dir>/masters/<image>.g<N>.<ext>`
// (a flattened copy of master + overlay), then re-base that overlay on it. The old generation stays
// for the overlays made from it; immutable ones move to the new one at their next reset.
import { diag, type Result } from '../diagnostics/diagnostic.js';
import { dmAttach, dmDetach, dmRemove } from './dm-engine.js';
import { planUnexport } from './export-plan.js';
import { bringUp, prepareMaster, tearDown } from './overlay-lifecycle.js';
import { inUse, masterFor, withMaster, withoutOverlay } from './overlay-state.js';
import { exec } from './steps.js';
import type { MasterSpec, ObservedState, OverlayLayout, OverlaySpec, Plan, Step } from './types.js';

export function nextGeneration(layout: OverlayLayout, image: string, from: MasterSpec): MasterSpec {
  const newest = Math.max(from.generation, ...layout.masters.filter((m) => m.image === image).map((m) => m.generation));
  const generation = newest + 1;
  const format = layout.engine === 'qcow2' ? 'qcow2' : 'raw';
  const path = `${layout.dir}/masters/${image}.g${generation}.${format}`;
  const identity = `\${id_${image.replace(/[^A-Za-z0-9]/g, '_')}_g${generation}}`;
  return { image, generation, path, format, virtualSize: from.virtualSize, identity };
}

export function planMerge(layout: OverlayLayout, o: OverlaySpec, state: ObservedState): Result<Plan> {
  const from = masterFor(layout, o, state);
  if (!state.files.has(o.file) || !from) {
    return refuse(diag('net/no-overlay', 'error', `overlay ${o.name} does not exist; nothing to merge`, { hint: 'run `bootgen overlays SITE init` first' }));
  }
  const running = layout.overlays.filter((p) => masterFor(layout, p, state)?.path === from.path && inUse(p, state));
  if (running.length > 0) {
    const names = running.map((p) => p.machine).join(', ');
    return refuse(
      diag('net/merge-in-use', 'error', `refusing to merge ${o.name}: machines are running from ${from.image} generation ${from.generation}: ${names}`, {
        hint: o.export === 'tgt' ? 'shut those machines down (their iSCSI sessions must end) and retry' : 'AoE has no sessions: stop the blades of that generation (bootgen overlays SITE destroy) and retry',
      }),
    );
  }
  const next = nextGeneration(layout, o.image, from);
  const steps: Step[] = [exec(['mkdir', '-p', `${layout.dir}/masters`], 'master generations live here')];
  steps.push(...flatten(layout, o, from, next, state));
  steps.push(exec(['chmod', 'a-w', next.path], 'a master generation is read-only from birth'));
  steps.push(exec(['stat', '-c', '%s:%Y', next.path], `identity of generation ${next.generation} for the parent records`, { capture: next.identity.slice(2, -1) }));
  const after = withMaster(withoutOverlay(state, o), next, undefined);
  const rebased: OverlayLayout = { ...layout, masters: [...layout.masters, next] };
  steps.push(...prepareMaster(rebased, next, after));
  const up = bringUp(rebased, o, after);
  const notes = [`other overlays of ${o.image} stay on generation ${from.generation} until they are reset`];
  return { value: { steps: [...steps, ...up.value], notes }, diagnostics: up.diagnostics };
}

/** Steps that write master + overlay as one new file and remove the old overlay. */
function flatten(layout: OverlayLayout, o: OverlaySpec, from: MasterSpec, next: MasterSpec, state: ObservedState): readonly Step[] {
  if (layout.engine === 'qcow2') {
    // the FUSE daemon holds the qcow2 write lock: stop it before reading the chain
    return [
      ...tearDown(layout, o, state, false),
      exec(['qemu-img', 'convert', '-f', 'qcow2', '-O', 'qcow2', o.file, next.path], `${o.name} + generation ${from.generation} → generation ${next.generation}`),
      exec(['rm', '-f', o.file, o.device, o.parentFile], `${o.name}'s changes now live in generation ${next.generation}`),
    ];
  }
  // dm-snapshot: the snapshot device reads as master + changes; attach it if it is not up
  const attach = dmAttach(layout, o, from, state);
  const attached = { ...state, dm: new Map([...state.dm, [o.dmName, 'attached by merge']]) };
  return [
    ...planUnexport(layout, o, state),
    ...attach,
    exec(['qemu-img', 'convert', '-f', 'raw', '-O', 'raw', o.device, next.path], `${o.name} + generation ${from.generation} → generation ${next.generation}`),
    ...(attach.length ? dmDetachFresh(o, state) : dmDetach(o, attached)),
    ...dmRemove(o, state),
  ];
}

/** Detach a snapshot this plan attached (its COW loop name is the captured variable). */
function dmDetachFresh(o: OverlaySpec, state: ObservedState): readonly Step[] {
  const cow = state.loops.get(o.file) ?? `\${cow_${o.name.replace(/[^A-Za-z0-9]/g, '_')}}`;
  return [exec(['dmsetup', 'remove', '--retry', o.dmName], `remove ${o.name}'s snapshot device`), exec(['losetup', '--detach', cow], `release ${o.name}'s COW loop device`)];
}

function refuse(d: ReturnType<typeof diag>): Result<Plan> {
  return { value: { steps: [], notes: [] }, diagnostics: [d] };
}
