// The parent record every overlay carries beside it. dm-snapshot's COW store records nothing about
// its origin (image-formats.md §8.1), and a qcow2 backing name says nothing about the file's
// identity, so bootgen writes down which master generation an overlay was made from and checks it.
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { parseJsonObject } from './json-object.js';
import type { MasterSpec, OverlaySpec, ParentRecord } from './types.js';

export function parentRecord(master: MasterSpec): ParentRecord {
  const { image, generation, path, format, virtualSize, identity } = master;
  return { image, generation, path, format, virtualSize, identity };
}

export function renderParentRecord(master: MasterSpec): string {
  return `${JSON.stringify(parentRecord(master), null, 2)}\n`;
}

/** Parses a parent record; undefined when the text is not one. */
export function parseParentRecord(text: string): ParentRecord | undefined {
  const r = parseJsonObject(text);
  if (!r) return undefined;
  const ok =
    typeof r.image === 'string' && typeof r.generation === 'number' && typeof r.path === 'string' &&
    typeof r.format === 'string' && typeof r.virtualSize === 'number' && typeof r.identity === 'string';
  return ok ? (r as unknown as ParentRecord) : undefined;
}

/**
 * Checks an overlay's recorded parent against the master file as it is now: same size and identity
 * (a changed master silently corrupts every overlay made from it).
 */
export function checkParent(o: OverlaySpec, record: ParentRecord | undefined, now: MasterSpec | undefined): readonly Diagnostic[] {
  const origin = { file: o.parentFile };
  if (!record) return [diag('net/parent-record-missing', 'error', `overlay ${o.name} has no readable parent record`, { origin, hint: `reset it: bootgen overlays SITE reset ${o.machine}` })];
  if (!now) return [diag('net/parent-missing', 'error', `overlay ${o.name} was made from ${record.path}, which is gone`, { origin })];
  const found: string[] = [];
  if (now.virtualSize !== record.virtualSize) found.push(`size ${now.virtualSize} (recorded ${record.virtualSize})`);
  if (now.identity !== record.identity) found.push(`identity ${now.identity} (recorded ${record.identity})`);
  if (found.length === 0) return [];
  return [
    diag('net/parent-changed', 'error', `the master of overlay ${o.name} changed since the overlay was made: ${found.join(', ')}`, {
      origin,
      expected: record.identity,
      found: now.identity,
      hint: 'the overlay no longer matches its master; reset it, or restore the master generation it was made from',
    }),
  ];
}
