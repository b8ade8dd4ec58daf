// The access log line the HTTP child writes and serve reads back: a round trip for any path (spaces,
// quotes, newlines cannot split a line), and lines that are no entries are left out, not guessed.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accessLine, parseAccessLine, type AccessEntry } from '../../../src/net/serve/access-log.js';

const entry: AccessEntry = { at: '2026-01-01T00:00:00.000Z', method: 'GET', path: '/boot/ipxe/boot.ipxe', status: 200, bytes: 123, remote: '::ffff:10.0.0.2', ms: 1.25 };

describe('access log lines', () => {
  it('round-trips an entry on one line, ms to a tenth', () => {
    const line = accessLine(entry);
    expect(line).not.toContain('\n');
    expect(parseAccessLine(line)).toEqual({ ...entry, ms: 1.3 });
  });

  it('round-trips any path on one line', () => {
    fc.assert(fc.property(fc.string(), fc.nat(), (path, bytes) => {
      const line = accessLine({ ...entry, path, bytes, ms: 2 });
      expect(line.split('\n')).toHaveLength(1);
      expect(parseAccessLine(line)).toEqual({ ...entry, path, bytes, ms: 2 });
    }));
  });

  it('leaves out what is no entry', () => {
    for (const line of ['', 'GET /boot 200', '{"at":"x"', 'null', '[]', '{}', JSON.stringify({ ...entry, status: '200' }), JSON.stringify({ ...entry, bytes: null })]) {
      expect(parseAccessLine(line), line).toBeUndefined();
    }
  });
});
