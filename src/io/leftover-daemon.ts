// A daemon left running by a serve that was killed: SIGKILL ends serve but not the children it
// started in their own process groups, and those still hold port 67, tgtd's control socket or the
// HTTP port. The supervisor records each child's pid (DaemonSpec.pidFile); a process at that pid
// whose command line is exactly the spec's argv is that leftover, and its group is stopped.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import type { DaemonSpec } from '../app/server-ports.js';

const GRACE_MS = 3000;

/** Stops the leftover of `spec`, if there is one; its pid then. */
export async function reapLeftover(spec: DaemonSpec): Promise<number | undefined> {
  const pid = recordedPid(spec);
  if (pid === undefined || !isRunning(pid, spec.argv)) return undefined;
  for (const signal of ['SIGTERM', 'SIGKILL'] as const) {
    signalGroup(pid, signal);
    const until = Date.now() + GRACE_MS;
    while (isRunning(pid, spec.argv) && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    if (!isRunning(pid, spec.argv)) break;
  }
  return pid;
}

export function recordPid(spec: DaemonSpec, pid: number | undefined): void {
  if (spec.pidFile && pid !== undefined) writeFileSync(spec.pidFile, `${pid}\n`);
}

export function forgetPid(spec: DaemonSpec): void {
  if (spec.pidFile) rmSync(spec.pidFile, { force: true });
}

function recordedPid(spec: DaemonSpec): number | undefined {
  if (!spec.pidFile) return undefined;
  try {
    const pid = Number(readFileSync(spec.pidFile, 'utf8').trim());
    return Number.isInteger(pid) && pid > 1 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Alive, and the same program with the same arguments: a reused pid of another program is left alone. */
function isRunning(pid: number, argv: readonly string[]): boolean {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
    const state = /\) (\S)/.exec(readFileSync(`/proc/${pid}/stat`, 'latin1'))?.[1];
    return state !== 'Z' && cmdline === `${argv.join('\0')}\0`;
  } catch {
    return false;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal); // not a group leader (any more): the process alone
    } catch {
      // gone
    }
  }
}
