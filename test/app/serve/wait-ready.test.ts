// serve's first start: a daemon that exits on its first start is a refusal; the HTTP child's exit
// status 98 is env/http-port-in-use (exit 3) as the in-process server's was, other statuses the
// generic env/daemon-failed; a daemon that never gets ready times out the same way.
import { describe, expect, it } from 'vitest';
import { httpRefusal, logRefusal, waitReady } from '../../../src/app/serve/wait-ready.js';
import type { DaemonHealth, Supervisor } from '../../../src/app/server-ports.js';
import { BootgenError } from '../../../src/diagnostics/errors.js';
import { exitCodeFor } from '../../../src/diagnostics/exit-codes.js';

const at = { host: '10.0.0.1', port: 8080, prefix: '/boot' };

function fake(health: DaemonHealth[], readyAfter = Number.POSITIVE_INFINITY): Supervisor {
  let calls = 0;
  return { health: () => health, ready: () => ++calls > readyAfter, stop: async () => {} };
}

async function refusal(p: Promise<void>): Promise<BootgenError> {
  const e = await p.then(() => undefined, (x: unknown) => x);
  expect(e).toBeInstanceOf(BootgenError);
  return e as BootgenError;
}

describe('waitReady', () => {
  const signal = new AbortController().signal;

  it('resolves once every daemon is ready', async () => {
    await expect(waitReady(fake([{ name: 'http', state: 'starting', pid: 1, restarts: 0 }], 2), signal)).resolves.toBeUndefined();
  });

  it('turns the HTTP child\'s port-in-use exit into env/http-port-in-use, exit 3', async () => {
    const sup = fake([{ name: 'dnsmasq', state: 'running', pid: 1, restarts: 0 }, { name: 'http', state: 'restarting', pid: undefined, restarts: 1 }]);
    const e = await refusal(waitReady(sup, signal, (name) => (name === 'http' ? httpRefusal(98, at, '/s/logs/http.log') : undefined)));
    expect(e.diagnostics.map((d) => d.code)).toEqual(['env/http-port-in-use']);
    expect(e.diagnostics[0]?.message).toContain('10.0.0.1:8080');
    expect(e.diagnostics[0]?.found).toContain('/s/logs/http.log');
    expect(e.exitCode).toBe(3);
    expect(exitCodeFor(e.diagnostics)).toBe(3);
  });

  it('any other first exit is env/daemon-failed naming the daemon', async () => {
    const sup = fake([{ name: 'http', state: 'restarting', pid: undefined, restarts: 1 }]);
    const e = await refusal(waitReady(sup, signal, (name) => httpRefusal(name === 'http' ? 1 : null, at, 'log')));
    expect(e.diagnostics.map((d) => [d.code, d.message])).toEqual([['env/daemon-failed', 'http did not start']]);
  });

  it('a daemon never ready times out as env/daemon-failed', async () => {
    const sup = fake([{ name: 'dnsmasq', state: 'running', pid: 1, restarts: 0 }, { name: 'tgtd', state: 'starting', pid: 2, restarts: 0 }]);
    const e = await refusal(waitReady(sup, signal, () => undefined, 300));
    expect(e.diagnostics[0]?.message).toBe('tgtd was not ready within 0.3 s');
  });
});

describe('httpRefusal', () => {
  it('names the listen failure by exit status 99, and nothing for other statuses', () => {
    expect(httpRefusal(99, at, 'log')?.code).toBe('env/http-listen-failed');
    for (const code of [0, 1, 2, 3, 70, null, undefined]) expect(httpRefusal(code, at, 'log')).toBeUndefined();
  });
});

describe('logRefusal', () => {
  it('says how the daemon exited and quotes the last lines of its log', async () => {
    const log = 'dnsmasq: started\n\ndnsmasq: failed to create listening socket for port 67: Address already in use\n';
    const sup = fake([{ name: 'dnsmasq', state: 'restarting', pid: undefined, restarts: 1 }]);
    const e = await refusal(waitReady(sup, new AbortController().signal, (name) => logRefusal(name, 2, '/s/logs/dnsmasq.log', log)));
    expect(e.diagnostics).toEqual([expect.objectContaining({
      code: 'env/daemon-failed', message: 'dnsmasq exited on its first start (status 2)',
      found: 'dnsmasq: started / dnsmasq: failed to create listening socket for port 67: Address already in use',
    })]);
    expect(e.diagnostics[0]?.hint).toContain('/s/logs/dnsmasq.log');
    expect(logRefusal('tgtd', null, 'l', undefined)).toEqual(expect.not.objectContaining({ found: expect.anything() }));
  });
});
