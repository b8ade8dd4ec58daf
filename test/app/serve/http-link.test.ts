// serve's side of the HTTP child: the status file is written at once and again after changes
// (throttled), the access log is followed from its end into entries, and a status file that
// cannot be written is said once, not once per event.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { linkHttpChild } from '../../../src/app/serve/http-link.js';
import type { FollowPort, StateFilePort } from '../../../src/app/server-ports.js';
import { accessLine, type AccessEntry } from '../../../src/net/serve/access-log.js';
import { parseStatusFile } from '../../../src/net/serve/status-file.js';
import type { ServeStatus } from '../../../src/net/serve/status.js';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const files = { status: '/s/run/status.json', accessLog: '/s/logs/http-access.log' };
const status = (site: string): ServeStatus => ({ site, since: '2026-01-01T00:00:00Z', machines: [], overlays: [], daemons: [], events: [] });

function fakes(failWrites = false) {
  const written: string[] = [];
  let onLine: ((line: string) => void) | undefined;
  const followed: { path: string; fromEnd: boolean | undefined }[] = [];
  const stateFiles: StateFilePort = {
    replace: (path, text) => {
      if (failWrites) throw new Error('ENOSPC: no space left on device');
      expect(path).toBe(files.status);
      written.push(text);
    },
    appendLine: () => {},
  };
  const follow: FollowPort = {
    follow(path, cb, options) {
      followed.push({ path, fromEnd: options?.fromEnd });
      onLine = cb;
      return { stop: () => void (onLine = undefined) };
    },
  };
  return { written, followed, line: (l: string) => onLine?.(l), deps: { stateFiles, follow } };
}

describe('linkHttpChild', () => {
  it('writes the status at once and after a change; follows the access log from its end', () => {
    const f = fakes();
    let site = 'one';
    const requests: AccessEntry[] = [];
    const link = linkHttpChild({ files, status: () => status(site), onRequest: (e) => requests.push(e), onWriteFailed: () => {} }, f.deps);
    expect(f.written.map((t) => parseStatusFile(t)?.status.site)).toEqual(['one']);
    expect(f.followed).toEqual([{ path: files.accessLog, fromEnd: true }]);
    site = 'two';
    link.changed();
    vi.advanceTimersByTime(300);
    expect(f.written.map((t) => parseStatusFile(t)?.status.site)).toEqual(['one', 'two']);
    const entry = { at: '2026-01-01T00:00:01.000Z', method: 'GET', path: '/boot/a', status: 200, bytes: 5, remote: '10.0.0.2', ms: 1 };
    f.line(accessLine(entry));
    f.line('not json');
    expect(requests).toEqual([entry]);
    link.stop();
    link.changed();
    vi.advanceTimersByTime(1000);
    expect(f.written).toHaveLength(2);
  });

  it('says a failed write once until one succeeds', () => {
    const f = fakes(true);
    const failures: string[] = [];
    const link = linkHttpChild({ files, status: () => status('x'), onRequest: () => {}, onWriteFailed: (why) => failures.push(why) }, f.deps);
    for (let i = 0; i < 5; i++) {
      link.changed();
      vi.advanceTimersByTime(300);
    }
    expect(failures).toEqual(['ENOSPC: no space left on device']);
    link.stop();
  });
});
