// The HTTP child's access log (logs/http-access.log): one JSON object per finished request, the
// line serve turns into a fetch event (events.ts httpEvent). JSON, so a path with spaces or quotes
// cannot split a line into wrong fields. Pure.
import { parseJsonObject } from '../json-object.js';

export interface AccessEntry {
  /** ISO time the request finished */
  readonly at: string;
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly bytes: number;
  readonly remote: string;
  readonly ms: number;
}

export function accessLine(e: AccessEntry): string {
  const { at, method, path, status, bytes, remote, ms } = e;
  return JSON.stringify({ at, method, path, status, bytes, remote, ms: Math.round(ms * 10) / 10 });
}

/** The entry of one line, or undefined for a line that is not one (cut short, written by hand). */
export function parseAccessLine(line: string): AccessEntry | undefined {
  const o = parseJsonObject(line);
  if (!o) return undefined;
  const text = (k: string): string | undefined => (typeof o[k] === 'string' ? o[k] : undefined);
  const num = (k: string): number | undefined => (typeof o[k] === 'number' && Number.isFinite(o[k]) ? o[k] : undefined);
  const [at, method, path, remote] = [text('at'), text('method'), text('path'), text('remote')];
  const [status, bytes, ms] = [num('status'), num('bytes'), num('ms')];
  if (at === undefined || method === undefined || path === undefined || remote === undefined || status === undefined || bytes === undefined || ms === undefined) return undefined;
  return { at, method, path, status, bytes, remote, ms };
}
