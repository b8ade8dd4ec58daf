// The small JSON files and lines bootgen writes for itself (parent records, the status file, the
// HTTP child's access log) are read back through this: an object, or nothing. Pure.

/** The object `text` holds, or undefined when it is not JSON or not an object. */
export function parseJsonObject(text: string): Record<string, unknown> | undefined {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return undefined;
  }
  return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}
