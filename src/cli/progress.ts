// A progress bar on a TTY, silence otherwise (DESIGN.md "Commands"). Stages get the callback
// `(done, total, label)`; redraws are throttled so a 100k-file tree costs nothing extra.
/** (done, total, label): one bar per label; a new label starts a new bar */
export type Progress = (done: number, total: number, label: string) => void;

export interface ProgressReporter {
  readonly update: Progress;
  /** clears the bar (call before printing anything else) */
  done(): void;
}

export interface ProgressOptions {
  readonly stream?: NodeJS.WriteStream;
  /** default: whether the stream is a TTY */
  readonly enabled?: boolean;
  readonly width?: number;
  readonly intervalMs?: number;
}

export function createProgress(options: ProgressOptions = {}): ProgressReporter {
  const stream = options.stream ?? process.stderr;
  const enabled = options.enabled ?? stream.isTTY === true;
  if (!enabled) return { update: () => {}, done: () => {} };
  const width = options.width ?? 30;
  const interval = options.intervalMs ?? 80;
  let last = 0;
  let drawn = false;
  let phase: string | undefined;
  return {
    update(done, total, label) {
      const now = Date.now();
      // a new phase keeps the finished bar of the last one on its own line
      const next = label !== phase;
      if (!next && done < total && now - last < interval) return;
      if (next && drawn) stream.write('\n');
      phase = label;
      last = now;
      drawn = true;
      stream.write(`\r\x1b[2K${truncate(label, (stream.columns ?? 80) - width - 16)} ${renderBar(done, total, width)}`);
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

export function renderBar(done: number, total: number, width: number): string {
  const frac = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const filled = Math.round(frac * width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${String(Math.floor(frac * 100)).padStart(3)}%`;
}

function truncate(text: string, max: number): string {
  if (max <= 1) return '';
  return text.length <= max ? text : `…${text.slice(text.length - max + 1)}`;
}
