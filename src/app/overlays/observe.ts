// Read-only probes of the overlay machinery as it is now, through the ports: files, pid files,
// FUSE mounts, tgtd targets, loop devices, dm devices. A probe whose tool is missing or whose
// daemon is down reports "nothing there"; tgtd reachability is asked separately.
import { vbladePid } from '../../net/export-plan.js';
import { parseParentRecord } from '../../net/parent-record.js';
import { fuseMountPoints, parseDmStatusTable, parseLosetupJson, parseTgtShow } from '../../net/probe-parsers.js';
import type { ObservedState, OverlayLayout, ParentRecord } from '../../net/types.js';
import type { Ports } from '../ports.js';

function probe(ports: Ports, argv: readonly string[]): { ok: boolean; stdout: string } {
  const r = ports.proc.run(argv, { timeoutMs: 10_000 });
  return { ok: r.status === 0, stdout: r.stdout };
}

function tgtShowArgv(layout: OverlayLayout): string[] {
  const control = layout.tgtControl === undefined ? [] : ['-C', String(layout.tgtControl)];
  return ['tgtadm', ...control, '--lld', 'iscsi', '--op', 'show', '--mode', 'target'];
}

export const tgtReachable = (layout: OverlayLayout, ports: Ports): boolean => probe(ports, tgtShowArgv(layout)).ok;

export function observeState(layout: OverlayLayout, ports: Ports): ObservedState {
  const paths = [layout.dir, ...layout.masters.map((m) => m.path), ...layout.overlays.flatMap((o) => [o.file, o.device, o.parentFile])];
  const files = new Set(paths.filter((p) => ports.files.stat(p) !== undefined));
  const writable = new Set(layout.masters.filter((m) => files.has(m.path) && ((ports.files.stat(m.path)?.mode ?? 0) & 0o222) !== 0).map((m) => m.path));
  const pids = layout.overlays.flatMap((o) => [o.pidFile, vbladePid(o)]);
  const parents = new Map<string, ParentRecord>();
  for (const o of layout.overlays) {
    const text = files.has(o.parentFile) ? ports.files.readText(o.parentFile) : undefined;
    const record = text === undefined ? undefined : parseParentRecord(text);
    if (record) parents.set(o.name, record);
  }
  const tgt = layout.overlays.some((o) => o.export === 'tgt') ? probe(ports, tgtShowArgv(layout)) : { ok: false, stdout: '' };
  const loops = probe(ports, ['losetup', '--json', '--list', '--output', 'NAME,BACK-FILE']);
  const dm = layout.engine === 'dm-snapshot' ? probe(ports, ['dmsetup', 'status']) : { ok: false, stdout: '' };
  return {
    files,
    livePids: new Set(pids.filter((p) => ports.proc.pidAlive(p))),
    mounts: fuseMountPoints(ports.files.mounts()),
    targets: tgt.ok ? parseTgtShow(tgt.stdout) : new Map(),
    loops: loops.ok ? parseLosetupJson(loops.stdout) : new Map(),
    dm: dm.ok ? parseDmStatusTable(dm.stdout) : new Map(),
    writable,
    parents,
  };
}
