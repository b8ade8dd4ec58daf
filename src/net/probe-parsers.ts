// Parsers of what the overlay probes print: `tgtadm --op show --mode target`, `losetup -J`,
// `dmsetup status` (a whole table, and one snapshot's line). Pure; app/ runs the probes.
import type { OverlayFacts } from './overlay-status.js';
import type { TgtTarget } from './types.js';

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

/** `losetup --json --list --output NAME,BACK-FILE` → backing file → loop device. */
export function parseLosetupJson(text: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!text.trim()) return out;
  const parsed = JSON.parse(text) as { loopdevices?: { name: string; 'back-file': string | null }[] };
  for (const d of parsed.loopdevices ?? []) if (d['back-file']) out.set(d['back-file'].replace(/ \(deleted\)$/, ''), d.name);
  return out;
}

/** `dmsetup status` → device name → its status line. */
export function parseDmStatusTable(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const line of text.split('\n')) {
    const m = /^([^:\s]+): (.*)$/.exec(line);
    if (m?.[1] && m[2] !== undefined) out.set(m[1], m[2]);
  }
  return out;
}

/** `dmsetup status` of a snapshot: `0 <len> snapshot <used>/<total> <metadata>` or `… Invalid`. */
export function parseSnapshotStatus(line: string): OverlayFacts['dm'] {
  if (/\bInvalid\b/.test(line)) return 'invalid';
  const m = /snapshot (\d+)\/(\d+)/.exec(line);
  return m?.[1] && m[2] ? { used: Number(m[1]), total: Number(m[2]) } : undefined;
}

/** Mount points of FUSE file systems in a mount table (`/proc/self/mounts`). */
export function fuseMountPoints(mounts: string): Set<string> {
  return new Set(mounts.split('\n').filter((l) => / fuse(\.\S+)? /.test(l)).map((l) => (l.split(' ')[1] ?? '').replace(/\\040/g, ' ')));
}
