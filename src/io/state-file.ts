// serve's small state files: a file replaced whole (temp file beside it, then rename: readers in
// another process see the old text or the new, never a torn one) and a log appended line by line
// (O_APPEND, one write per line, so a line is never split by another writer's).
import { appendFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { StateFilePort } from '../app/server-ports.js';

export const nodeStateFiles: StateFilePort = {
  replace(path, text) {
    // the pid keeps two writers (a serve being replaced by another) off each other's temp file
    const temp = `${path}.${process.pid}.tmp`;
    try {
      writeFileSync(temp, text, { mode: 0o644 });
      renameSync(temp, path);
    } catch (e) {
      rmSync(temp, { force: true });
      throw e;
    }
  },
  appendLine(path, line) {
    appendFileSync(path, `${line}\n`, { mode: 0o644 });
  },
};
