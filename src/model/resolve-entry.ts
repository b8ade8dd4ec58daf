// One written entry → its canonical Entry: which kind of boot it is (disk, cdrom, linux, wim, raw),
// with defaults filled in. Conflicts (two kinds at once) are reported by rules, not here.
import type { WrittenEntry, WrittenSnapshotEntry } from '../manifest/index.js';
import type { Origin } from '../diagnostics/diagnostic.js';
import type { Boot, DiskBoot, Entry, RawLines, SnapshotEntry, SnapshotSpec } from './types.js';

export const DEFAULT_CDROM_CONFIG = '/boot/grub/loopback.cfg';

export function resolveEntry(w: WrittenEntry, origin: Origin): Entry {
  return { id: w.id, title: w.title, boot: resolveBoot(w), raw: resolveRaw(w), origin };
}

/** The boot kind, by precedence disk > cdrom > linux > wim > raw (rules flag mixtures). */
export function resolveBoot(w: WrittenEntry): Boot {
  if (w.disk !== undefined) return resolveDisk(w, w.disk);
  if (w.cdrom !== undefined) return { kind: 'cdrom', cdrom: w.cdrom, floppy: w.floppy, config: w.config ?? DEFAULT_CDROM_CONFIG };
  if (w.linux !== undefined) {
    const initrd = w.linux.initrd === undefined ? [] : typeof w.linux.initrd === 'string' ? [w.linux.initrd] : w.linux.initrd;
    return { kind: 'linux', from: w.linux.from, kernel: w.linux.kernel, initrd, args: w.linux.args ?? '' };
  }
  if (w.wim !== undefined) return { kind: 'wim', wim: w.wim };
  return { kind: 'raw' };
}

function resolveDisk(w: WrittenEntry, disk: string): DiskBoot {
  const session = w.session ?? 'persistent';
  return {
    kind: 'disk',
    disk,
    cdrom: w.cdrom,
    floppy: w.floppy,
    floppyB: w['floppy-b'],
    boot: w.boot ?? 'harddisk',
    session,
    snapshot: session === 'snapshot' ? resolveSnapshot(w.snapshot) : undefined,
    parentDir: w['parent-dir'],
    recoverMbr: w['recover-mbr'] ?? false,
    pause: w.pause ?? false,
    windows: w.windows
      ? { drive: w.windows.drive?.toUpperCase(), systemRoot: w.windows['system-root'] ?? '\\Windows', locale: w.windows.locale ?? 'en-US' }
      : undefined,
  };
}

function resolveSnapshot(s: WrittenEntry['snapshot']): SnapshotSpec {
  return { path: s?.path, title: s?.title, children: (s?.entries ?? []).map(resolveSnapshotEntry), restore: s?.restore ?? false };
}

function resolveSnapshotEntry(s: WrittenSnapshotEntry): SnapshotEntry {
  return { title: s.title, disk: s.disk, children: (s.entries ?? []).map(resolveSnapshotEntry) };
}

function resolveRaw(w: WrittenEntry): RawLines {
  const join = (v: string | string[] | undefined): string | undefined => (Array.isArray(v) ? v.join('\n') : v);
  return { grub: join(w.grub), vboot: join(w.vboot), ipxe: join(w.ipxe) };
}
