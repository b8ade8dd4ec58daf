// Runs an overlay plan with the field's own tools, in order, stopping at the first failure with a
// diagnostic naming the command and its stderr. `${var}` references are filled from earlier
// steps' captured stdout. Daemons (qemu-storage-daemon, vblade) detach, so their stdio is closed.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { diag } from '../diagnostics/diagnostic.js';
import { BootgenError, ExitCode } from '../diagnostics/errors.js';
import type { Plan, Step } from '../app/ports.js';

const STEP_TIMEOUT_MS = 120_000;

export interface RunReport {
  readonly ran: number;
  readonly vars: Readonly<Record<string, string>>;
}

function fill(text: string, vars: Record<string, string>, step: Step): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_whole, name: string) => {
    const v = vars[name];
    if (v === undefined) throw new BootgenError([diag('net/plan-variable', 'error', `plan step "${step.why}" uses \${${name}}, which no earlier step set`)], ExitCode.environment);
    return v;
  });
}

export function runPlan(plan: Plan, options: { log?: (line: string) => void } = {}): RunReport {
  const vars: Record<string, string> = {};
  let ran = 0;
  for (const step of plan.steps) {
    if (step.kind === 'write') {
      mkdirSync(dirname(step.path), { recursive: true });
      writeFileSync(step.path, fill(step.content, vars, step));
    } else {
      const argv = step.argv.map((a) => fill(a, vars, step));
      options.log?.(argv.join(' '));
      const out = execStep(argv, step.capture !== undefined, step.mayFail === true, step.why);
      if (step.capture) vars[step.capture] = out.trim();
    }
    ran++;
  }
  return { ran, vars };
}

function execStep(argv: readonly string[], capture: boolean, mayFail: boolean, why: string): string {
  const [cmd, ...args] = argv;
  const r = spawnSync(cmd ?? '', args, {
    encoding: 'utf8',
    timeout: STEP_TIMEOUT_MS,
    stdio: ['ignore', capture ? 'pipe' : 'ignore', 'pipe'],
  });
  if (r.status === 0 || mayFail) return r.stdout ?? '';
  const reason = r.error ? r.error.message : `exit ${r.status ?? r.signal}`;
  throw new BootgenError(
    [
      diag('net/command-failed', 'error', `${argv.join(' ')} failed (${reason}) while trying to: ${why}`, {
        found: (r.stderr ?? '').trim().split('\n').slice(-5).join('\n'),
        hint: 'fix the cause and re-run: every overlays command skips what is already in place',
      }),
    ],
    ExitCode.environment,
  );
}
