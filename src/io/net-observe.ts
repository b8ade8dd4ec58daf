// Read-only probes of the overlay machinery as it is now: files, pid files, FUSE mounts, tgtd
// targets (tgtadm --op show), loop devices (losetup -J), dm devices (dmsetup status). A probe whose
// tool is missing or whose daemon is down reports "nothing there"; `tgtd` reachability is separate.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { vbladePid } from '../net/export-plan.js';
import { parseParentRecord } from '../net/parent-record.js';
import type { ObservedState, OverlayLayout, ParentRecord, TgtTarget } from '../net/types.js';

const PROBE_TIMEOUT_MS = 10_000;

function probe(argv: readonly string[]): { ok: boolean; stdout: string } {
  const [cmd, ...args] = argv;
  const r = spawnSync(cmd ?? '', args, { encoding: 'utf8', timeout: PROBE_TIMEOUT_MS, stdio: ['ignore', 'pipe', 'pipe'] });
  return { ok: r.status === 0, stdout: r.stdout ?? '' };
}

export function pidAlive(pidFile: string): boolean {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Parses `tgtadm --op show --mode target`: targets, LUN backing paths, I_T nexus count. */
export function parseTgtShow(text: string): Map<number, TgtTarget> {
  const out = new Map<number, TgtTarget>();
  let cur: { tid: number; iqn: string; luns: { lun: number; path: string }[]; sessions: number } | undefined;
  let lun: number | undefined;
  for (const line of text.split('\n')) {
    const t = /^Target (\d+): (\S+)/.exec(line);
    if (t?.[1] && t[2]) {
      cur = { tid: Number(t[1]), iqn: t[2], luns: [], sessions: 0 };
      out.set(cur.tid, cur);
      continue;
    }
    if (!cur) continue;
    if (/^\s+I_T nexus: \d+/.test(line)) cur.sessions++;
    const l = /^\s+LUN: (\d+)/.exec(line);
    if (l?.[1]) lun = Number(l[1]);
    const b = /^\s+Backing store path: (.+)$/.exec(line);
    if (b?.[1] && lun !== undefined && b[1] !== 'None') cur.luns.push({ lun, path: b[1] });
  }
  return out;
}

export function tgtReachable(layout: OverlayLayout): boolean {
  return probe(tgtShowArgv(layout)).ok;
}

function tgtShowArgv(layout: OverlayLayout): string[] {
  const control = layout.tgtControl === undefined ? [] : ['-C', String(layout.tgtControl)];
  return ['tgtadm', ...control, '--lld', 'iscsi', '--op', 'show', '--mode', 'target'];
}

function loops(): Map<string, string> {
  const r = probe(['losetup', '--json', '--list', '--output', 'NAME,BACK-FILE']);
  const out = new Map<string, string>();
  if (!r.ok || !r.stdout.trim()) return out;
  const parsed = JSON.parse(r.stdout) as { loopdevices?: { name: string; 'back-file': string | null }[] };
  for (const d of parsed.loopdevices ?? []) if (d['back-file']) out.set(d['back-file'].replace(/ \(deleted\)$/, ''), d.name);
  return out;
}

function dmDevices(): Map<string, string> {
  const r = probe(['dmsetup', 'status']);
  const out = new Map<string, string>();
  if (!r.ok) return out;
  for (const line of r.stdout.split('\n')) {
    const m = /^([^:\s]+): (.*)$/.exec(line);
    if (m?.[1] && m[2] !== undefined) out.set(m[1], m[2]);
  }
  return out;
}

function fuseMounts(): Set<string> {
  const text = existsSync('/proc/self/mounts') ? readFileSync('/proc/self/mounts', 'utf8') : '';
  return new Set(text.split('\n').filter((l) => / fuse(\.\S+)? /.test(l)).map((l) => (l.split(' ')[1] ?? '').replace(/\\040/g, ' ')));
}

export function observeState(layout: OverlayLayout): ObservedState {
  const paths = [layout.dir, ...layout.masters.map((m) => m.path), ...layout.overlays.flatMap((o) => [o.file, o.device, o.parentFile])];
  const files = new Set(paths.filter((p) => existsSync(p)));
  const writable = new Set(layout.masters.filter((m) => files.has(m.path) && (statSync(m.path).mode & 0o222) !== 0).map((m) => m.path));
  const pids = layout.overlays.flatMap((o) => [o.pidFile, vbladePid(o)]);
  const parents = new Map<string, ParentRecord>();
  for (const o of layout.overlays) {
    if (!files.has(o.parentFile)) continue;
    const record = parseParentRecord(readFileSync(o.parentFile, 'utf8'));
    if (record) parents.set(o.name, record);
  }
  const tgt = layout.export === 'tgt' ? probe(tgtShowArgv(layout)) : { ok: false, stdout: '' };
  return {
    files,
    livePids: new Set(pids.filter(pidAlive)),
    mounts: fuseMounts(),
    targets: tgt.ok ? parseTgtShow(tgt.stdout) : new Map(),
    loops: loops(),
    dm: layout.engine === 'dm-snapshot' ? dmDevices() : new Map(),
    writable,
    parents,
  };
}
