// `bootgen validate --format text|json|junit|github|markdown`: one rendering per CI consumer.
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import { formatDiagnostic, formatLocation } from '../report.js';
import type { ValidationReport } from '../../app/validate.js';
import type { ExitCode } from '../../diagnostics/exit-codes.js';

export const VALIDATE_FORMATS = ['text', 'json', 'junit', 'github', 'markdown'] as const;
export type ValidateFormat = (typeof VALIDATE_FORMATS)[number];

export function formatReports(reports: readonly ValidationReport[], format: ValidateFormat, exitCode: ExitCode): string {
  switch (format) {
    case 'text':
      return reports.map(text).join('\n');
    case 'json':
      return `${JSON.stringify({ ok: exitCode === 0, exitCode, diagnostics: reports.flatMap((r) => r.diagnostics), reports, summary: summary(reports) }, null, 2)}\n`;
    case 'junit':
      return junit(reports);
    case 'github':
      return reports.flatMap((r) => r.diagnostics.map(github)).join('');
    case 'markdown':
      return reports.map(markdown).join('\n');
  }
}

const count = (r: ValidationReport, severity: Diagnostic['severity']): number => r.diagnostics.filter((d) => d.severity === severity).length;

function summary(reports: readonly ValidationReport[]): { errors: number; warnings: number } {
  return { errors: reports.reduce((n, r) => n + count(r, 'error'), 0), warnings: reports.reduce((n, r) => n + count(r, 'warning'), 0) };
}

function headline(r: ValidationReport): string {
  const e = count(r, 'error');
  const w = count(r, 'warning');
  return `${r.subject}: ${e ? `${e} error${e > 1 ? 's' : ''}` : 'ok'}${w ? `, ${w} warning${w > 1 ? 's' : ''}` : ''}`;
}

function text(r: ValidationReport): string {
  const parts = [headline(r), ...r.diagnostics.map(formatDiagnostic), ...r.sections.map((s) => `${s.title}\n${s.text}`)];
  return `${parts.join('\n')}\n`;
}

function markdown(r: ValidationReport): string {
  const cell = (s: string): string => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const rows = r.diagnostics.map((d) => `| ${d.severity} | \`${d.code}\` | ${cell(formatLocation(d))} | ${cell(d.message)}${d.expected ? ` (expected ${cell(d.expected)})` : ''} |`);
  const table = rows.length ? ['| severity | code | where | message |', '| --- | --- | --- | --- |', ...rows].join('\n') : 'No findings.';
  return [`## ${headline(r)}`, '', table, ...r.sections.flatMap((s) => ['', `### ${s.title}`, '', s.markdown]), ''].join('\n');
}

/** GitHub Actions workflow commands; data and properties escaped per actions/toolkit command.ts. */
function github(d: Diagnostic): string {
  const data = (s: string): string => s.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
  const prop = (s: string): string => data(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
  const level = d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'notice';
  const props = [
    d.origin ? `file=${prop(d.origin.file)}` : undefined,
    d.origin?.line !== undefined ? `line=${d.origin.line}` : undefined,
    d.origin?.col !== undefined ? `col=${d.origin.col}` : undefined,
    `title=${prop(d.code)}`,
  ].filter((p) => p !== undefined);
  const body = [d.message, d.expected && `expected: ${d.expected}`, d.found && `found: ${d.found}`, d.hint && `hint: ${d.hint}`].filter(Boolean).join('\n');
  return `::${level} ${props.join(',')}::${data(body)}\n`;
}

function junit(reports: readonly ValidationReport[]): string {
  const x = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '');
  const suites = reports.map((r) => {
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    const cases = errors.length
      ? errors.map((d) => `    <testcase classname="${x(r.subject)}" name="${x(`${d.code} ${formatLocation(d)}`)}">\n      <failure message="${x(d.message)}" type="${x(d.code)}">${x(formatDiagnostic(d))}</failure>\n    </testcase>`)
      : [`    <testcase classname="${x(r.subject)}" name="valid"/>`];
    const out = r.diagnostics.filter((d) => d.severity !== 'error').map(formatDiagnostic).join('\n');
    return `  <testsuite name="${x(`${r.kind} ${r.subject}`)}" tests="${cases.length}" failures="${errors.length}" errors="0">\n${cases.join('\n')}${out ? `\n    <system-out>${x(out)}</system-out>` : ''}\n  </testsuite>`;
  });
  const s = summary(reports);
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bootgen validate" tests="${reports.length}" failures="${s.errors}">\n${suites.join('\n')}\n</testsuites>\n`;
}
