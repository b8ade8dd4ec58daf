// SIGINT/SIGTERM while an out dir is being built: remove the temp dirs, then exit as the signal
// would have (128 + signal number), so the previous out dir is left exactly as it was.
import type { OutDirWriter } from './out-dir-writer.js';

const active = new Set<OutDirWriter>();
const SIGNALS = { SIGINT: 2, SIGTERM: 15 } as const;

function onSignal(signal: keyof typeof SIGNALS): void {
  for (const w of [...active]) w.abort();
  process.exit(128 + SIGNALS[signal]);
}

const handlers = {
  SIGINT: () => onSignal('SIGINT'),
  SIGTERM: () => onSignal('SIGTERM'),
};

function onExit(): void {
  for (const w of [...active]) w.abort();
}

export function trackWriter(w: OutDirWriter): void {
  if (active.size === 0) {
    process.on('SIGINT', handlers.SIGINT);
    process.on('SIGTERM', handlers.SIGTERM);
    process.on('exit', onExit);
  }
  active.add(w);
}

export function untrackWriter(w: OutDirWriter): void {
  if (!active.delete(w) || active.size > 0) return;
  process.off('SIGINT', handlers.SIGINT);
  process.off('SIGTERM', handlers.SIGTERM);
  process.off('exit', onExit);
}
