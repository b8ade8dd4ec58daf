// Diagnostics as text: `site.yaml:12:7 error[model/unknown-ref] message`, plus expected/found/hint.
import type { Diagnostic } from '../diagnostics/diagnostic.js';

export function formatLocation(d: Diagnostic): string {
  const o = d.origin;
  if (!o) return '';
  if (o.line !== undefined) return `${o.file}:${o.line}:${o.col ?? 1}`;
  if (o.offset !== undefined) return `${o.file}@0x${o.offset.toString(16)}${o.field ? ` (${o.field})` : ''}`;
  return o.file;
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = formatLocation(d);
  const lines = [`${where ? `${where} ` : ''}${d.severity}[${d.code}] ${d.message}`];
  if (d.origin?.path && d.origin.path.length > 0) lines.push(`  at ${d.origin.path.join('.')}`);
  if (d.expected !== undefined) lines.push(`  expected: ${d.expected}`);
  if (d.found !== undefined) lines.push(`  found:    ${d.found}`);
  if (d.hint !== undefined) lines.push(`  hint:     ${d.hint}`);
  return lines.join('\n');
}

export function printDiagnostics(diagnostics: readonly Diagnostic[], options: { stream: NodeJS.WritableStream }): void {
  for (const d of diagnostics) options.stream.write(`${formatDiagnostic(d)}\n`);
}
