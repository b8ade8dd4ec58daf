// Follows a growing log file (tail -F): polls its size, hands over each complete new line, and
// starts over when the file is truncated or replaced. Polling, because inotify is not everywhere.
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import type { FollowPort } from '../app/server-ports.js';

export const nodeFollow: FollowPort = {
  follow(path, onLine, options = {}) {
    let pos = options.fromEnd ? (statSync(path, { throwIfNoEntry: false })?.size ?? 0) : 0;
    let rest = '';
    const buf = Buffer.alloc(64 * 1024);
    const tick = (): void => {
      const size = statSync(path, { throwIfNoEntry: false })?.size;
      if (size === undefined) return;
      if (size < pos) [pos, rest] = [0, ''];
      if (size === pos) return;
      const fd = openSync(path, 'r');
      try {
        while (pos < size) {
          const got = readSync(fd, buf, 0, Math.min(buf.length, size - pos), pos);
          if (got === 0) break;
          pos += got;
          rest += buf.subarray(0, got).toString('utf8');
        }
      } finally {
        closeSync(fd);
      }
      const lines = rest.split('\n');
      rest = lines.pop() ?? '';
      for (const line of lines) onLine(line);
    };
    const timer = setInterval(tick, options.intervalMs ?? 200);
    return {
      stop() {
        clearInterval(timer);
        tick();
      },
    };
  },
};
