// The status file between serve and its HTTP child: what serve writes is what the child shows,
// with its age; an old file is shown as stale rather than refused; a file that is not one is refused.
import { describe, expect, it } from 'vitest';
import { parseStatusFile, shownStatus, statusFileText, STATUS_STALE_MS } from '../../../src/net/serve/status-file.js';
import type { ServeStatus } from '../../../src/net/serve/status.js';

const status: ServeStatus = {
  site: 'lab', since: '2026-01-01T00:00:00Z',
  machines: [{ name: 'cutman', mac: '52:54:00:00:00:01', ip: '10.0.0.2', entry: 'live', lastSeen: '2026-01-01T00:01:00Z', lastEvent: 'lease 10.0.0.2' }],
  overlays: [{ name: 'cutman-disk', machine: 'cutman', session: 'persistent', fillPercent: 12.5, warn: false, exported: true }],
  daemons: [{ name: 'http', state: 'running', pid: 42, restarts: 1 }],
  events: [{ at: '2026-01-01T00:01:00Z', kind: 'lease', machine: 'cutman', detail: 'lease 10.0.0.2' }],
};
const written = '2026-01-01T00:02:00.000Z';

describe('the status file', () => {
  it('reads back what serve wrote', () => {
    expect(parseStatusFile(statusFileText(status, written))).toEqual({ written, status });
  });

  it('shows its age, and past STATUS_STALE_MS says it is stale', () => {
    const file = { written, status };
    const at = Date.parse(written);
    expect(shownStatus(file, at + 4_400)).toEqual({ ...status, written, ageSeconds: 4, stale: false });
    expect(shownStatus(file, at + STATUS_STALE_MS + 1)).toMatchObject({ site: 'lab', stale: true, ageSeconds: 15 });
    // a clock stepped back is no negative age
    expect(shownStatus(file, at - 10_000)).toMatchObject({ ageSeconds: 0, stale: false });
  });

  it('refuses what is not a status file', () => {
    const text = statusFileText(status, written);
    for (const bad of ['', '{', 'null', '[]', text.replace('"written": "2026', '"written": "never'), text.replace('"events": [', '"events": {"x": [').replace(/\]\n\}\n$/, ']}\n}\n'), JSON.stringify({ written, site: 'lab' })]) {
      expect(parseStatusFile(bad), bad.slice(0, 80)).toBeUndefined();
    }
  });
});
