// A private network namespace for raw-Ethernet tests (AoE, ethertype 0x88a2, cannot cross QEMU's
// user-net): one persistent tap the guest's NIC attaches to, with the server's address on it.
// Commands enter only the network namespace (`nsenter --net`), never a new mount namespace, so
// FUSE mounts made inside stay visible to the test and to later commands.
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { run } from '../helpers/oracle.js';

export interface Netns {
  readonly name: string;
  readonly tap: string;
  /** argv prefix that runs a command in the namespace */
  readonly enter: readonly string[];
  /** a long-running child inside the namespace (killed by `close`); its output is kept for `logs` */
  spawn(argv: readonly string[]): ChildProcess;
  /** the last few KiB each spawned child printed, for failure messages */
  logs(): string;
  /** SIGKILLs the children this handle spawned, then deletes the namespace (and its tap) */
  close(): Promise<void>;
}

function must(r: ReturnType<typeof run>, what: string): void {
  if (r.status !== 0) throw new Error(`${what}: ${r.stderr || r.stdout || r.error?.message}`);
}

/** Creates namespace `name` holding tap `tap` (up, `address` e.g. 10.77.0.1/24) and lo. */
export function createNetns(options: { name: string; tap: string; address: string }): Netns {
  const { name, tap } = options;
  const netArg = `--net=/run/netns/${name}`;
  const inNs = (...argv: string[]) => run('nsenter', [netArg, ...argv]);
  must(run('ip', ['netns', 'add', name]), `ip netns add ${name}`);
  const children: ChildProcess[] = [];
  const tails = new Map<ChildProcess, string>();
  const handle: Netns = {
    name,
    tap,
    enter: ['nsenter', netArg],
    spawn(argv) {
      const child = spawn('nsenter', [netArg, ...argv], { stdio: ['ignore', 'pipe', 'pipe'] });
      children.push(child);
      tails.set(child, '');
      // always drained, so a chatty daemon never blocks on a full pipe
      const keep = (b: Buffer): void => void tails.set(child, `${tails.get(child) ?? ''}${b.toString()}`.slice(-4096));
      child.stdout?.on('data', keep);
      child.stderr?.on('data', keep);
      return child;
    },
    logs() {
      return children.map((c) => `${c.spawnargs.slice(2, 4).join(' ')}: ${tails.get(c) ?? ''}`).join('\n');
    },
    async close() {
      await Promise.all(children.map((c) => killChild(c)));
      run('ip', ['netns', 'del', name]);
    },
  };
  try {
    must(inNs('ip', 'link', 'set', 'lo', 'up'), 'lo up');
    must(inNs('ip', 'tuntap', 'add', 'dev', tap, 'mode', 'tap'), `tap ${tap}`);
    must(inNs('ip', 'addr', 'add', options.address, 'dev', tap), `address on ${tap}`);
    must(inNs('ip', 'link', 'set', tap, 'up'), `${tap} up`);
  } catch (e) {
    run('ip', ['netns', 'del', name]);
    throw e;
  }
  return handle;
}

async function killChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGKILL');
  await done;
}

/** Kills the process a pid file names (a daemon a plan left behind), ignoring stale files. */
export function killPidFile(pidFile: string): void {
  try {
    const pid = Number(readFileSync(pidFile, 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0) process.kill(pid, 'SIGKILL');
  } catch {
    // no file, or the process is gone
  }
}
