// The supervisor with real child processes (node, sleep): readiness comes from the probe, a killed
// child is restarted after its backoff and says so, a probe that never succeeds leaves the daemon
// 'starting', stop leaves no process of the group behind, and reap stops a daemon a killed
// supervisor left at the recorded pid (another program there is left alone).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DaemonEvent, DaemonSpec } from '../../src/app/server-ports.js';
import { nodeSupervisor } from '../../src/io/supervisor.js';

const dir = mkdtempSync(join(tmpdir(), 'bootgen-supervisor-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function spec(o: { name: string; ready?: readonly string[] }): DaemonSpec {
  // the marker names this test's dir, so only this test's children match
  return {
    name: o.name, argv: [process.execPath, '-e', 'setTimeout(() => {}, 600_000)', dir], pkg: 'nodejs', env: {}, log: join(dir, `${o.name}.log`), restart: { initialMs: 100, maxMs: 400 },
    pidFile: join(dir, `${o.name}.supervised.pid`), ...(o.ready ? { ready: o.ready } : {}),
  };
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

  it('a leftover of the same argv at the recorded pid is stopped first; another program at that pid is left alone', async () => {
    const a = spec({ name: 'left' });
    // what a SIGKILLed serve leaves: the daemon in its own process group, its pid recorded
    const leftover = spawn(a.argv[0]!, a.argv.slice(1), { detached: true, stdio: 'ignore' });
    writeFileSync(a.pidFile!, `${leftover.pid}\n`);
    await until('leftover exec\'d', () => readFileSync(`/proc/${leftover.pid}/cmdline`, 'latin1') === `${a.argv.join('\0')}\0`);
    const stranger = spawn('sleep', ['600'], { detached: true, stdio: 'ignore' });
    const b = spec({ name: 'other' });
    writeFileSync(b.pidFile!, `${stranger.pid}\n`);
    const reaped = await nodeSupervisor.reap([a, b]);
    expect(reaped).toEqual([{ name: 'left', pid: leftover.pid }]);
    await until('leftover gone', () => leftover.exitCode !== null || leftover.signalCode !== null);
    expect(alive(stranger.pid)).toBe(true);
    const sup = nodeSupervisor.supervise([a, b], () => undefined);
    try {
      await until('both running', () => sup.ready());
      expect(readFileSync(a.pidFile!, 'utf8').trim()).toBe(String(sup.health().find((h) => h.name === 'left')?.pid));
    } finally {
      await sup.stop();
      stranger.kill('SIGKILL');
    }
    expect(existsSync(a.pidFile!)).toBe(false); // a clean stop leaves no record to reap
  });
});
