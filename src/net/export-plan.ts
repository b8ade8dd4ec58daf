// Export steps: an iSCSI target + LUN 1 per overlay in tgtd (tgtadm), or an AoE blade per overlay
// (vblade -m MAC shelf slot iface device). Each export admits only its machine: tgt binds the target
// to the machine's initiator IQN, vblade answers only the machine's MAC. Each planner skips what the
// observed state already has.
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { exec, stopByPidFile, tgtadm } from './steps.js';
import type { ObservedState, OverlayLayout, OverlaySpec, Step } from './types.js';

/** The LUN every overlay is served as; the iPXE root path names the same LUN. */
export const SAN_LUN = 1;

export interface ExportPlan {
  readonly steps: readonly Step[];
  readonly diagnostics: readonly Diagnostic[];
}

export function planExport(layout: OverlayLayout, o: OverlaySpec, state: ObservedState): ExportPlan {
  return o.export === 'tgt' ? planTgtExport(layout, o, state) : { steps: planVbladeExport(layout, o, state), diagnostics: [] };
}

export function planUnexport(layout: OverlayLayout, o: OverlaySpec, state: ObservedState): readonly Step[] {
  if (o.export === 'vblade') return state.livePids.has(vbladePid(o)) ? [stopByPidFile(vbladePid(o), `vblade e${o.aoe.shelf}.${o.aoe.slot}`)] : [];
  const target = state.targets.get(o.tid);
  if (!target || target.iqn !== o.iqn) return [];
  // --force: a machine that is rebooting may leave a stale session behind
  return [exec(tgtadm(layout, ['--op', 'delete', '--force', '--mode', 'target', '--tid', String(o.tid)]), `remove iSCSI target ${o.iqn}`)];
}

function planTgtExport(layout: OverlayLayout, o: OverlaySpec, state: ObservedState): ExportPlan {
  const tid = String(o.tid);
  const target = state.targets.get(o.tid);
  if (target && target.iqn !== o.iqn) {
    const d = diag('net/tid-in-use', 'error', `tgt target id ${tid} is already used by ${target.iqn}, wanted for ${o.iqn}`, {
      hint: 'remove that target (tgtadm --op delete --mode target --tid N) or choose another --tid-base',
    });
    return { steps: [], diagnostics: [d] };
  }
  const steps: Step[] = [];
  if (!target) steps.push(exec(tgtadm(layout, ['--op', 'new', '--mode', 'target', '--tid', tid, '-T', o.iqn]), `iSCSI target for ${o.name}`));
  const lun = target?.luns.find((l) => l.lun === SAN_LUN);
  if (lun && lun.path !== o.device) {
    steps.push(exec(tgtadm(layout, ['--op', 'delete', '--mode', 'logicalunit', '--tid', tid, '--lun', String(SAN_LUN)]), `LUN ${SAN_LUN} of ${o.iqn} serves ${lun.path}, not the overlay`));
  }
  if (!lun || lun.path !== o.device) {
    steps.push(exec(tgtadm(layout, ['--op', 'new', '--mode', 'logicalunit', '--tid', tid, '--lun', String(SAN_LUN), '-b', o.device]), `LUN ${SAN_LUN}: the overlay of ${o.name}`));
  }
  // only the machine's own initiator may log in (its iPXE script sets that initiator-iqn)
  if (!target) steps.push(exec(tgtadm(layout, ['--op', 'bind', '--mode', 'target', '--tid', tid, '--initiator-name', o.initiator]), `only ${o.machine} (${o.initiator}) may log in to ${o.iqn}`));
  return { steps, diagnostics: [] };
}

export function vbladePid(o: OverlaySpec): string {
  return o.pidFile.replace(/\.pid$/, '.vblade.pid');
}

function planVbladeExport(layout: OverlayLayout, o: OverlaySpec, state: ObservedState): readonly Step[] {
  if (state.livePids.has(vbladePid(o))) return [];
  const argv = ['start-stop-daemon', '--start', '--background', '--make-pidfile', '--pidfile', vbladePid(o), '--exec', '/usr/sbin/vblade', '--'];
  // -m: the blade answers only the machine's own MAC (AoE has no other access control)
  const blade = ['-m', o.mac, String(o.aoe.shelf), String(o.aoe.slot), layout.iface, o.device];
  return [exec([...argv, ...blade], `AoE blade e${o.aoe.shelf}.${o.aoe.slot} for ${o.name}, only for ${o.machine} (${o.mac})`)];
}
