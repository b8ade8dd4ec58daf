// Human-readable lines describing a built volume, for `bootgen build` output and test failures.
import type { DirPlan } from './directory.js';
import type { ExfatLayout } from './layout.js';

export interface SummaryInput {
  readonly layout: ExfatLayout;
  readonly usedClusters: number;
  readonly plans: readonly DirPlan[];
  readonly label: string;
}

const kib = (n: number): string => `${n / 1024} KiB`;

export function volumeSummary(s: SummaryInput): string[] {
  const l = s.layout;
  const files = s.plans.reduce((n, p) => n + p.children.filter((c) => c.kind === 'file').length, 0);
  const bytes = l.volumeLength * 512;
  return [
    `exFAT ${bytes} bytes, label ${JSON.stringify(s.label)}: ${l.clusterCount} clusters of ${kib(l.clusterSize)}`,
    `FAT at sector ${l.fatOffset} (${l.fatLength} sectors), cluster heap at sector ${l.clusterHeapOffset}, partition offset ${l.partitionOffset}`,
    `${s.plans.length} directories, ${files} files, ${s.usedClusters} clusters used (${Math.floor((100 * s.usedClusters) / l.clusterCount)}%)`,
  ];
}
