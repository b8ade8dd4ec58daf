// Measurements behind `overlays status`: bytes each overlay holds (allocated blocks of its file,
// or the snapshot's own count from `dmsetup status`), what it can hold, the qcow2 backing name as
// recorded in the overlay's header, and the free space of the file system holding the overlays.
import { statSync, statfsSync } from 'node:fs';
import { readImageHeader } from '../formats/detect.js';
import { cowBytes } from '../net/dm-engine.js';
import { masterFor } from '../net/overlay-state.js';
import type { OverlayFacts } from '../net/overlay-status.js';
import type { ObservedState, OverlayLayout } from '../net/types.js';
import { nodeFileSource } from './image-files.js';

/** `dmsetup status` of a snapshot: `0 <len> snapshot <used>/<total> <metadata>` or `… Invalid`. */
export function parseSnapshotStatus(line: string): OverlayFacts['dm'] {
  if (/\bInvalid\b/.test(line)) return 'invalid';
  const m = /snapshot (\d+)\/(\d+)/.exec(line);
  return m?.[1] && m[2] ? { used: Number(m[1]), total: Number(m[2]) } : undefined;
}

export async function overlayFacts(layout: OverlayLayout, state: ObservedState): Promise<Map<string, OverlayFacts>> {
  const out = new Map<string, OverlayFacts>();
  for (const o of layout.overlays) {
    if (!state.files.has(o.file)) continue;
    const master = masterFor(layout, o, state);
    const virtualSize = master?.virtualSize ?? 0;
    const usedBytes = statSync(o.file).blocks * 512;
    const capacityBytes = layout.engine === 'dm-snapshot' ? cowBytes(virtualSize, layout.chunk) : virtualSize;
    const dmLine = state.dm.get(o.dmName);
    const dm = dmLine === undefined ? undefined : parseSnapshotStatus(dmLine);
    const backing = layout.engine === 'qcow2' ? await backingName(o.file) : undefined;
    out.set(o.name, { usedBytes, capacityBytes, ...(dm ? { dm } : {}), ...(backing !== undefined ? { backing } : {}) });
  }
  return out;
}

async function backingName(path: string): Promise<string | undefined> {
  const file = await nodeFileSource().open(path);
  try {
    return (await readImageHeader(file, path)).value?.parent?.name;
  } finally {
    await file.close();
  }
}

export function diskSpace(dir: string): { freeBytes: number; sizeBytes: number } | undefined {
  try {
    const s = statfsSync(dir);
    return { freeBytes: s.bavail * s.bsize, sizeBytes: s.blocks * s.bsize };
  } catch {
    return undefined;
  }
}
