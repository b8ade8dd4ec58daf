// The image tree of a report: indented text for terminals, a mermaid graph for markdown job
// summaries (`bootgen validate --format markdown`). Children point at their parents.
import type { Diagnostic } from '../diagnostics/diagnostic.js';
import type { ChainNode, ChainReport } from './types.js';

const label = (n: ChainNode): string => `${n.imageId ?? n.file} · ${n.header ? `${n.header.format} ${n.header.subformat}` : 'unreadable'}`;

function worst(n: ChainNode, diagnostics: readonly Diagnostic[]): 'error' | 'warning' | undefined {
  const mine = diagnostics.filter((d) => d.origin?.file === n.file);
  return mine.some((d) => d.severity === 'error') ? 'error' : mine.some((d) => d.severity === 'warning') ? 'warning' : undefined;
}

export function imageTreeText(report: ChainReport, diagnostics: readonly Diagnostic[] = []): string {
  const children = new Map<string | undefined, ChainNode[]>();
  for (const n of report.nodes) children.set(n.parent, [...(children.get(n.parent) ?? []), n]);
  const lines: string[] = [];
  const seen = new Set<string>();
  const walk = (n: ChainNode, depth: number): void => {
    if (seen.has(n.realpath)) return;
    seen.add(n.realpath);
    const mark = worst(n, diagnostics);
    lines.push(`${'  '.repeat(depth)}${depth ? '└─ ' : ''}${label(n)}${mark ? `  [${mark}]` : ''}`);
    for (const c of children.get(n.realpath) ?? []) walk(c, depth + 1);
  };
  const roots = report.nodes.filter((n) => n.parent === undefined || !report.nodes.some((p) => p.realpath === n.parent));
  for (const r of roots) walk(r, 0);
  for (const n of report.nodes) walk(n, 0); // nodes only reachable through a cycle
  return lines.join('\n');
}

export function imageTreeMermaid(report: ChainReport, diagnostics: readonly Diagnostic[] = []): string {
  const ids = new Map(report.nodes.map((n, i) => [n.realpath, `i${i}`]));
  const quote = (s: string): string => s.replace(/"/g, '#quot;');
  const lines = ['```mermaid', 'graph BT'];
  for (const n of report.nodes) lines.push(`  ${ids.get(n.realpath)}["${quote(label(n))}"]`);
  for (const n of report.nodes) if (n.parent !== undefined && ids.has(n.parent)) lines.push(`  ${ids.get(n.realpath)} --> ${ids.get(n.parent)}`);
  lines.push('  classDef error stroke:#d00,stroke-width:3px', '  classDef warning stroke:#d90,stroke-width:2px');
  for (const n of report.nodes) {
    const mark = worst(n, diagnostics);
    if (mark) lines.push(`  class ${ids.get(n.realpath)} ${mark}`);
  }
  lines.push('```');
  return lines.join('\n');
}
