// The observed state of a machine on which `init` has fully run: what the runner's probes would
// report (loop device numbers are assigned in order, as `losetup --find` does on an idle machine).
import { vbladePid } from '../../src/net/export-plan.js';
import { masterFor } from '../../src/net/overlay-state.js';
import { parentRecord } from '../../src/net/parent-record.js';
import type { ObservedState, OverlayLayout, TgtTarget } from '../../src/net/types.js';

export function stateAfterInit(layout: OverlayLayout, options: { sessions?: readonly string[] } = {}): ObservedState {
  const files = new Set<string>();
  const livePids = new Set<string>();
  const mounts = new Set<string>();
  const targets = new Map<number, TgtTarget>();
  const loops = new Map<string, string>();
  const dm = new Map<string, string>();
  const parents = new Map<string, ReturnType<typeof parentRecord>>();
  let loop = 0;
  files.add(layout.dir);
  for (const m of layout.masters) {
    files.add(m.path);
    if (layout.engine === 'dm-snapshot') loops.set(m.path, `/dev/loop${loop++}`);
  }
  for (const o of layout.overlays) {
    const master = masterFor(layout, o, { ...emptyish(), files });
    if (!master) continue;
    files.add(o.file).add(o.parentFile);
    parents.set(o.name, parentRecord(master));
    if (layout.engine === 'qcow2') {
      files.add(o.device);
      mounts.add(o.device);
      livePids.add(o.pidFile);
    } else {
      loops.set(o.file, `/dev/loop${loop++}`);
      dm.set(o.dmName, `0 16777216 snapshot 16/16777216 16`);
    }
    if (o.export === 'tgt') {
      const sessions = options.sessions?.includes(o.machine) ? 1 : 0;
      targets.set(o.tid, { tid: o.tid, iqn: o.iqn, luns: [{ lun: 1, path: o.device }], sessions });
    } else livePids.add(vbladePid(o));
  }
  return { files, livePids, mounts, targets, loops, dm, writable: new Set(), parents };
}

function emptyish(): ObservedState {
  return { files: new Set(), livePids: new Set(), mounts: new Set(), targets: new Map(), loops: new Map(), dm: new Map(), writable: new Set(), parents: new Map() };
}
