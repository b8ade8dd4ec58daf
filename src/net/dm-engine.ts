// dm-snapshot engine (kentonv/lanparty style, landscape.md §9): one read-only loop device over the
// raw master, a sparse COW file per machine on its own loop device, and a persistent snapshot
// `0 <sectors> snapshot <origin> <cow> P <chunk>` (image-formats.md §8.1). The COW file is sized so
// that copying every origin chunk still fits: the snapshot can never overflow and be invalidated;
// what can run out is the file system holding the COW files (status watches it).
import { renderParentRecord } from './parent-record.js';
import { exec, protectMaster, write } from './steps.js';
import type { MasterSpec, ObservedState, OverlayLayout, OverlaySpec, Step } from './types.js';

const SECTOR = 512;

/** Bytes a COW store needs when every origin chunk has been copied: header + metadata areas + data. */
export function cowBytes(virtualSize: number, chunkSectors: number): number {
  const chunkBytes = chunkSectors * SECTOR;
  const dataChunks = Math.ceil(virtualSize / chunkBytes);
  const perArea = chunkBytes / 16; // struct disk_exception is 16 bytes
  return (1 + Math.ceil(dataChunks / perArea) + dataChunks) * chunkBytes;
}

function shellName(s: string): string {
  return s.replace(/[^A-Za-z0-9]/g, '_');
}

/** The master loop device: known when already attached, else captured from losetup. */
export function masterLoopRef(master: MasterSpec, state: ObservedState): string {
  return state.loops.get(master.path) ?? `\${loop_${shellName(master.image)}_g${master.generation}}`;
}

export function dmMaster(master: MasterSpec, state: ObservedState): readonly Step[] {
  const steps: Step[] = [];
  if (master.source && !state.files.has(master.path)) {
    const { path, format } = master.source;
    steps.push(exec(['mkdir', '-p', master.path.slice(0, master.path.lastIndexOf('/'))], 'master generations live here'));
    steps.push(exec(['qemu-img', 'convert', '-f', format, '-O', 'raw', path, master.path], `dm-snapshot needs a raw origin; ${path} is ${format}`));
    steps.push(exec(['chmod', 'a-w', master.path], `${master.image} generation ${master.generation} is never writable while overlays exist`));
    const id = /^\$\{(\w+)\}$/.exec(master.identity)?.[1];
    if (id) steps.push(exec(['stat', '-c', '%s:%Y', master.path], `identity of the raw copy for the parent records`, { capture: id }));
  } else steps.push(...protectMaster(master, state));
  if (!state.loops.has(master.path)) {
    const name = masterLoopRef(master, state).slice(2, -1);
    steps.push(exec(['losetup', '--find', '--show', '--read-only', master.path], `read-only loop device over ${master.image} generation ${master.generation}`, { capture: name }));
  }
  return steps;
}

export function dmCreate(layout: OverlayLayout, o: OverlaySpec, master: MasterSpec, state: ObservedState): readonly Step[] {
  if (state.files.has(o.file)) return [];
  const size = cowBytes(master.virtualSize, layout.chunk);
  return [
    exec(['truncate', '-s', String(size), o.file], `sparse COW store for ${o.name} (never overflows: holds every origin chunk)`),
    write(o.parentFile, renderParentRecord(master), `record ${o.name}'s origin`),
  ];
}

export function dmAttach(layout: OverlayLayout, o: OverlaySpec, master: MasterSpec, state: ObservedState): readonly Step[] {
  if (state.dm.has(o.dmName)) return [];
  const steps: Step[] = [];
  let cow = state.loops.get(o.file);
  if (!cow) {
    const name = `cow_${shellName(o.name)}`;
    steps.push(exec(['losetup', '--find', '--show', o.file], `loop device over ${o.name}'s COW file`, { capture: name }));
    cow = `\${${name}}`;
  }
  const sectors = Math.ceil(master.virtualSize / SECTOR);
  const table = `0 ${sectors} snapshot ${masterLoopRef(master, state)} ${cow} P ${layout.chunk}`;
  steps.push(exec(['dmsetup', 'create', o.dmName, '--table', table], `persistent snapshot for ${o.name}, chunk ${layout.chunk} sectors`));
  return steps;
}

export function dmDetach(o: OverlaySpec, state: ObservedState): readonly Step[] {
  const steps: Step[] = [];
  if (state.dm.has(o.dmName)) steps.push(exec(['dmsetup', 'remove', '--retry', o.dmName], `remove ${o.name}'s snapshot device`));
  const cow = state.loops.get(o.file);
  if (cow) steps.push(exec(['losetup', '--detach', cow], `release ${o.name}'s COW loop device`));
  return steps;
}

export function dmRemove(o: OverlaySpec, state: ObservedState): readonly Step[] {
  const files = [o.file, o.parentFile].filter((f) => state.files.has(f));
  return files.length ? [exec(['rm', '-f', ...files], `remove ${o.name}'s COW store`)] : [];
}

export function dmReleaseMaster(master: MasterSpec, state: ObservedState): readonly Step[] {
  const loop = state.loops.get(master.path);
  return loop ? [exec(['losetup', '--detach', loop], `release the loop device over ${master.image} generation ${master.generation}`)] : [];
}
