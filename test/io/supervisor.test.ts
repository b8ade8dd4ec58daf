// The supervisor with real child processes (sh, sleep): readiness comes from the probe, a killed
// child is restarted after its backoff and says so, a probe that never succeeds leaves the daemon
// 'starting', and stop leaves no process of the group behind.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DaemonEvent, DaemonSpec } from '../../src/app/ports.js';
import { nodeSupervisor } from '../../src/io/supervisor.js';

const dir = mkdtempSync(join(tmpdir(), 'bootgen-supervisor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function spec(o: { name: string; ready?: readonly string[] }): DaemonSpec {
  // the marker names this test's dir, so pgrep finds only this test's children
  return { name: o.name, argv: ['sh', '-c', `exec sleep 600 # ${dir}`], pkg: 'coreutils', env: {}, log: join(dir, `${o.name}.log`), restart: { initialMs: 100, maxMs: 400 }, ...(o.ready ? { ready: o.ready } : {}) };
}

async function until(what: string, test: () => boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!test()) {
    if (Date.now() > end) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const alive = (pid: number | undefined): boolean => {
  try {
    return pid !== undefined && (process.kill(pid, 0), true);
  } catch {
    return false;
  }
};

describe('supervisor', () => {
  it('ready after the probe; a killed daemon is restarted with an exited event; stop ends every child', async () => {
    const events: DaemonEvent[] = [];
    const sup = nodeSupervisor.supervise([spec({ name: 'a', ready: ['true'] }), spec({ name: 'b' })], (e) => events.push(e));
    await until('ready', () => sup.ready());
    const first = sup.health().find((h) => h.name === 'a')?.pid;
    expect(alive(first)).toBe(true);
    process.kill(first!, 'SIGKILL');
    await until('restarted', () => { const pid = sup.health().find((h) => h.name === 'a')?.pid; return pid !== undefined && pid !== first && sup.ready(); });
    expect(events).toContainEqual(expect.objectContaining({ name: 'a', kind: 'exited', signal: 'SIGKILL', inMs: 100 }));
    expect(sup.health().find((h) => h.name === 'a')?.restarts).toBe(1);
    const pids = sup.health().map((h) => h.pid);
    await sup.stop();
    expect(pids.filter(alive)).toEqual([]);
    expect(sup.health().every((h) => h.state === 'stopped')).toBe(true);
  });

  it('a probe that keeps failing leaves the daemon starting, and the event loop free meanwhile', async () => {
    const sup = nodeSupervisor.supervise([spec({ name: 'c', ready: ['sh', '-c', 'sleep 0.3; exit 1'] })], () => undefined);
    let ticks = 0;
    const timer = setInterval(() => ticks++, 10);
    await new Promise((r) => setTimeout(r, 700));
    clearInterval(timer);
    expect(sup.ready()).toBe(false);
    expect(sup.health()[0]?.state).toBe('starting');
    expect(ticks).toBeGreaterThan(40); // a synchronous probe would hold the loop for 0.3 s at a time
    await sup.stop();
  });
});
