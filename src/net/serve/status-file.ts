// The status as a file (run/status.json): serve writes it, its HTTP child answers
// /bootgen/status and /bootgen/status.json from it. A file serve stopped updating (serve hung,
// the disk full) is still shown, with its age, rather than an error page. Pure.
import { parseJsonObject } from '../json-object.js';
import type { ServeStatus } from './status.js';

/** serve rewrites the file at least on every reconciler tick (5 s): older than this, it is stale. */
export const STATUS_STALE_MS = 15_000;

export interface StatusFile {
  /** ISO time serve wrote it */
  readonly written: string;
  readonly status: ServeStatus;
}

/** What the child shows: the status, when it was written, how old it is. */
export interface ShownStatus extends ServeStatus {
  readonly written: string;
  readonly ageSeconds: number;
  readonly stale: boolean;
}

export function statusFileText(status: ServeStatus, written: string): string {
  return `${JSON.stringify({ written, ...status }, null, 2)}\n`;
}

/** The file's status, or undefined when it is not one (missing fields, not JSON). */
export function parseStatusFile(text: string): StatusFile | undefined {
  const v = parseJsonObject(text);
  if (!v) return undefined;
  const { written, ...status } = v;
  const lists = ['machines', 'overlays', 'daemons', 'events'].every((k) => Array.isArray(status[k]));
  if (typeof written !== 'string' || Number.isNaN(Date.parse(written)) || typeof status.site !== 'string' || typeof status.since !== 'string' || !lists) return undefined;
  // serve wrote it from a ServeStatus: the shape checked above is the part a template needs to loop
  return { written, status: status as unknown as ServeStatus };
}

export function shownStatus(file: StatusFile, nowMs: number): ShownStatus {
  const ageMs = Math.max(0, nowMs - Date.parse(file.written));
  return { ...file.status, written: file.written, ageSeconds: Math.round(ageMs / 1000), stale: ageMs > STATUS_STALE_MS };
}
