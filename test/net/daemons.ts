// Test daemons with bounded lifetimes: a private tgtd (own management port and iSCSI portal, so
// parallel tests and a system tgtd never collide), stopped by pid in afterAll.
import { spawn, type ChildProcess } from 'node:child_process';
import { run } from '../helpers/oracle.js';

export interface TgtdHandle {
  readonly control: number;
  readonly port: number;
  stop(): Promise<void>;
}

export async function startTgtd(options: { control: number; port: number; address?: string }): Promise<TgtdHandle> {
  const portal = `${options.address ?? '127.0.0.1'}:${options.port}`;
  const child = spawn('tgtd', ['-f', '-C', String(options.control), '--iscsi', `portal=${portal}`], { stdio: ['ignore', 'ignore', 'pipe'] });
  let log = '';
  child.stderr?.on('data', (b: Buffer) => (log += b.toString()));
  for (let i = 0; i < 50; i++) {
    await sleep(100);
    if (run('tgtadm', ['-C', String(options.control), '--lld', 'iscsi', '--op', 'show', '--mode', 'target']).status === 0) {
      // tgtd ignores SIGTERM while it has targets; this one is private, so SIGKILL is safe
      return { control: options.control, port: options.port, stop: () => stopChild(child, 0) };
    }
    if (child.exitCode !== null) break;
  }
  await stopChild(child);
  throw new Error(`tgtd on ${portal} (control ${options.control}) did not come up: ${log}`);
}

export async function stopChild(child: ChildProcess, timeoutMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
  if (timeoutMs === 0) child.kill('SIGKILL');
  await done;
  clearTimeout(timer);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
