// A ReadAt over an open file descriptor: synchronous preads of the header-sized pieces format
// readers ask for; one read never returns more than `maxRead` bytes.
import { fstatSync, readSync } from 'node:fs';
import type { ReadAt } from '../binary/read-at.js';

export function fdReadAt(fd: number, options: { maxRead?: number } = {}): ReadAt {
  const size = Number(fstatSync(fd, { bigint: true }).size);
  const maxRead = options.maxRead ?? Number.MAX_SAFE_INTEGER;
  return {
    size,
    read: async (offset, length) => {
      const want = Math.max(0, Math.min(length, maxRead, size - offset));
      const buf = new Uint8Array(want);
      let done = 0;
      while (done < want) {
        const n = readSync(fd, buf, done, want - done, offset + done);
        if (n === 0) break;
        done += n;
      }
      return done === want ? buf : buf.subarray(0, done);
    },
  };
}
