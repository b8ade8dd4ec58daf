// The one owner of `bootgen serve`'s child processes: starts each daemon of the plan with its own
// log, waits for its readiness probe, restarts it with backoff when it exits, and on stop sends
// SIGTERM to its process group, then SIGKILL after a grace period (tgtd ignores SIGTERM while it
// holds targets). A daemon of the same argv left running at a spec's recorded pid by a supervisor
// that was killed is stopped by `reap` (leftover-daemon.ts). Decides nothing: the specs say what to run.
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import type { DaemonHealth, DaemonSpec, Supervisor, SupervisorPort } from '../app/server-ports.js';
import { forgetPid, reapLeftover, recordPid } from './leftover-daemon.js';

const GRACE_MS = 3000;
/** How long a readiness probe is retried: a Node child loading its modules on a slow machine takes a while. */
const READY_WITHIN_MS = 60_000;
/** A run this long resets the backoff. */
const STABLE_MS = 30_000;

interface Slot {
  readonly spec: DaemonSpec;
  child: ChildProcess | undefined;
  state: DaemonHealth['state'];
  restarts: number;
  delay: number;
  startedAt: number;
  timer: NodeJS.Timeout | undefined;
}

export const nodeSupervisor: SupervisorPort = {
  async reap(specs) {
    const pids = await Promise.all(specs.map((s) => reapLeftover(s)));
    return specs.flatMap((s, i) => (pids[i] === undefined ? [] : [{ name: s.name, pid: pids[i] }]));
  },
  supervise(specs, onEvent) {
    let stopping = false;
    const slots = specs.map((spec): Slot => ({ spec, child: undefined, state: 'starting', restarts: 0, delay: spec.restart.initialMs, startedAt: 0, timer: undefined }));
    const start = (slot: Slot): void => {
      const { spec } = slot;
      mkdirSync(dirname(spec.log), { recursive: true });
      const log = openSync(spec.log, 'a');
      const [cmd, ...args] = spec.argv;
      const child = spawn(cmd ?? '', args, { env: { ...process.env, ...spec.env }, stdio: ['ignore', log, log], detached: true });
      closeSync(log);
      recordPid(spec, child.pid);
      slot.child = child;
      slot.startedAt = Date.now();
      slot.state = spec.ready ? 'starting' : 'running';
      child.once('error', (e) => onEvent({ name: spec.name, kind: 'exited', code: null, signal: null, detail: e.message }));
      child.once('exit', (code, signal) => exited(slot, code, signal));
      onEvent({ name: spec.name, kind: 'started', ...(child.pid !== undefined ? { pid: child.pid } : {}) });
      if (spec.ready) probe(slot, child, Date.now());
    };
    // asynchronous: a probe that takes a while (a node start) must not hold up the event stream
    const probe = (slot: Slot, child: ChildProcess, since: number): void => {
      if (stopping || slot.child !== child || child.exitCode !== null) return;
      const [cmd, ...args] = slot.spec.ready ?? [];
      const check = spawn(cmd ?? '', args, { stdio: 'ignore', timeout: 5000 });
      check.once('error', () => undefined);
      check.once('close', (code) => {
        if (stopping || slot.child !== child || child.exitCode !== null) return;
        if (code === 0) {
          slot.state = 'running';
          onEvent({ name: slot.spec.name, kind: 'ready', ...(child.pid !== undefined ? { pid: child.pid } : {}) });
        } else if (Date.now() - since < READY_WITHIN_MS) slot.timer = setTimeout(() => probe(slot, child, since), 200);
      });
    };
    const exited = (slot: Slot, code: number | null, signal: NodeJS.Signals | null): void => {
      slot.child = undefined;
      if (stopping) {
        slot.state = 'stopped';
        forgetPid(slot.spec);
        return;
      }
      if (Date.now() - slot.startedAt > STABLE_MS) slot.delay = slot.spec.restart.initialMs;
      slot.state = 'restarting';
      slot.restarts++;
      onEvent({ name: slot.spec.name, kind: 'exited', code, signal, inMs: slot.delay });
      slot.timer = setTimeout(() => start(slot), slot.delay);
      slot.delay = Math.min(slot.delay * 2, slot.spec.restart.maxMs);
    };
    for (const slot of slots) start(slot);
    const supervisor: Supervisor = {
      health: () => slots.map((s) => ({ name: s.spec.name, state: s.state, pid: s.child?.pid, restarts: s.restarts })),
      ready: () => slots.every((s) => s.state === 'running'),
      async stop() {
        stopping = true;
        for (const s of slots) clearTimeout(s.timer);
        await Promise.all(slots.map((s) => stopChild(s)));
      },
    };
    return supervisor;
  },
};

/** SIGTERM to the child's process group, SIGKILL after the grace period. */
async function stopChild(slot: Slot): Promise<void> {
  const child = slot.child;
  slot.state = 'stopped';
  if (!child || child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const pid = child.pid;
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-pid, sig);
    } catch {
      // already gone
    }
  };
  signal('SIGTERM');
  const timer = setTimeout(() => signal('SIGKILL'), GRACE_MS);
  await done;
  clearTimeout(timer);
}
