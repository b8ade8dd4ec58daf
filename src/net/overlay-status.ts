// `overlays status`: each overlay's state and fill, and the checks that must hold while overlays
// exist (master read-only, parent unchanged). A full dm-snapshot is invalidated for good and its
// machine crashes (landscape.md §9), so fill is warned about well before that.
import { diag, type Diagnostic, type Result } from '../diagnostics/diagnostic.js';
import { checkParent } from './parent-record.js';
import { inUse } from './overlay-state.js';
import type { ObservedState, OverlayLayout, OverlaySpec } from './types.js';

export const FILL_WARN = 0.8;
export const DISK_FREE_WARN = 0.1;

/** Measured by io/: bytes allocated and what the overlay can hold; dm status when attached. */
export interface OverlayFacts {
  readonly usedBytes: number;
  readonly capacityBytes: number;
  /** `dmsetup status` snapshot fields: sectors used / total, or invalid */
  readonly dm?: { readonly used: number; readonly total: number } | 'invalid';
  /** qcow2: the backing file name recorded in the overlay's header */
  readonly backing?: string;
}

export interface OverlayRow {
  readonly name: string;
  readonly machine: string;
  readonly session: string;
  /** tgt (iSCSI) or vblade (AoE) */
  readonly export: string;
  readonly generation: number | undefined;
  readonly exists: boolean;
  readonly exported: boolean;
  readonly inUse: boolean;
  readonly usedBytes: number;
  readonly capacityBytes: number;
  readonly fill: number;
}

export interface StatusInput {
  readonly layout: OverlayLayout;
  readonly state: ObservedState;
  readonly facts: ReadonlyMap<string, OverlayFacts>;
  readonly disk: { readonly freeBytes: number; readonly sizeBytes: number } | undefined;
}

export function overlayStatus(input: StatusInput): Result<readonly OverlayRow[]> {
  const { layout, state } = input;
  const diagnostics: Diagnostic[] = [];
  const rows = layout.overlays.map((o) => {
    const row = statusRow(input, o);
    if (row.exists) diagnostics.push(...checkParent(o, state.parents.get(o.name), masterNow(layout, o, state)));
    const f = input.facts.get(o.name);
    const record = state.parents.get(o.name);
    if (f?.backing !== undefined && record && f.backing !== record.path) {
      diagnostics.push(diag('net/backing-mismatch', 'error', `overlay ${o.name} is backed by ${f.backing}, but its parent record names ${record.path}`, { origin: { file: o.file, field: 'qcow2.backing_file' } }));
    }
    if (f?.dm === 'invalid') diagnostics.push(diag('net/overlay-invalid', 'error', `overlay ${o.name} is invalidated (it overflowed or hit an I/O error); ${o.machine} cannot boot from it`, { hint: `bootgen overlays SITE reset ${o.name}` }));
    else if (row.fill >= FILL_WARN) diagnostics.push(diag('net/overlay-filling', 'warning', `overlay ${o.name} is ${pct(row.fill)} full`, { hint: `reset or merge it before it fills up: bootgen overlays SITE reset ${o.name}` }));
    return row;
  });
  for (const m of layout.masters) {
    const hasOverlays = rows.some((r) => r.exists && state.parents.get(r.name)?.path === m.path);
    if (hasOverlays && state.writable.has(m.path)) {
      diagnostics.push(diag('net/master-writable', 'error', `master ${m.path} is writable while overlays are made from it`, { origin: { file: m.path }, hint: `chmod a-w ${m.path}` }));
    }
  }
  if (input.disk && input.disk.freeBytes < input.disk.sizeBytes * DISK_FREE_WARN) {
    const used = 1 - input.disk.freeBytes / input.disk.sizeBytes;
    diagnostics.push(diag('net/overlay-disk-full', 'warning', `the file system holding ${layout.dir} is ${pct(used)} full; an overlay write that cannot be stored breaks its machine`, { hint: 'free space, or reset immutable overlays' }));
  }
  return { value: rows, diagnostics };
}

function statusRow(input: StatusInput, o: OverlaySpec): OverlayRow {
  const { state } = input;
  const f = input.facts.get(o.name);
  const exists = state.files.has(o.file);
  const dm = f?.dm && f.dm !== 'invalid' ? f.dm : undefined;
  const usedBytes = dm ? dm.used * 512 : (f?.usedBytes ?? 0);
  const capacityBytes = dm ? dm.total * 512 : (f?.capacityBytes ?? 0);
  const exported = o.export === 'tgt' ? state.targets.get(o.tid)?.iqn === o.iqn : state.livePids.has(o.pidFile.replace(/\.pid$/, '.vblade.pid'));
  return {
    name: o.name,
    machine: o.machine,
    session: o.session,
    export: o.export,
    generation: exists ? state.parents.get(o.name)?.generation : undefined,
    exists,
    exported,
    inUse: inUse(o, state),
    usedBytes,
    capacityBytes,
    fill: capacityBytes > 0 ? usedBytes / capacityBytes : 0,
  };
}

/** The master file an existing overlay records, as io/ measured it now (undefined: gone). */
function masterNow(layout: OverlayLayout, o: OverlaySpec, state: ObservedState) {
  const record = state.parents.get(o.name);
  return record ? layout.masters.find((x) => x.path === record.path) : undefined;
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}
