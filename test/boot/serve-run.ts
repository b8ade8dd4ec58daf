// Test helper: `bootgen serve --json` running inside a network namespace, its event stream parsed,
// waits bounded in time, and a stop that leaves nothing behind even when a test failed.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { run } from '../helpers/oracle.js';

const BIN = resolve('bin/bootgen.js');

export interface ServeRun {
  readonly child: ChildProcess;
  /** the JSON events printed so far */
  events(): Record<string, string>[];
  /** everything printed so far (for failure messages) */
  output(): string;
  /** resolves once `test` holds; throws with the output when `ms` pass or serve exits first */
  until(what: string, test: () => boolean, ms?: number): Promise<void>;
  /** SIGTERM and wait; then kills whatever a SIGKILLed serve would have left (matched by `leftovers`) */
  stop(options?: { readonly leftovers?: readonly string[] }): Promise<void>;
}

export function startServe(options: { readonly enter: readonly string[]; readonly site: string; readonly state: string; readonly tgtControl: number }): ServeRun {
  const [cmd, ...pre] = options.enter;
  const child = spawn(cmd ?? 'nsenter', [...pre, process.execPath, BIN, 'serve', options.site, '--state', options.state, '--tgt-control', String(options.tgtControl), '--json'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (b: Buffer) => void (out += b.toString()));
  child.stderr?.on('data', (b: Buffer) => void (out += b.toString()));
  const events = (): Record<string, string>[] => out.split('\n').flatMap((l) => {
    try {
      return l.startsWith('{') ? [JSON.parse(l) as Record<string, string>] : [];
    } catch {
      return []; // the pretty-printed envelope of a refusal spans lines
    }
  });
  return {
    child,
    events,
    output: () => out,
    async until(what, test, ms = 60_000) {
      const end = Date.now() + ms;
      while (!test()) {
        if (Date.now() > end || child.exitCode !== null) throw new Error(`${what}: not seen; serve output:\n${out.slice(-3000)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
    },
    async stop(o = {}) {
      if (child.exitCode === null && child.signalCode === null) {
        const gone = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([gone, new Promise((r) => setTimeout(r, 20_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      for (const pattern of [...(o.leftovers ?? []), options.state]) run('pkill', ['-KILL', '-f', pattern]);
    },
  };
}
