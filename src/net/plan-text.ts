// --dry-run output: a plan as the POSIX shell script that does exactly what the runner does
// (captured values become shell variables, written files become here-documents).
import { shellQuote } from '../targets/shell/escape.js';
import type { Plan, Step } from './types.js';

export { shellQuote };

function stepText(step: Step): string {
  if (step.kind === 'write') {
    return `# ${step.why}\ncat > ${shellQuote(step.path)} <<BOOTGEN_EOF\n${step.content}BOOTGEN_EOF`;
  }
  const cmd = step.argv.map(shellQuote).join(' ');
  const line = step.capture ? `${step.capture}=$(${cmd})` : step.mayFail ? `${cmd} || true` : cmd;
  return `# ${step.why}\n${line}`;
}

export function renderPlan(plan: Plan, title: string): string {
  const head = ['#!/bin/sh', `# ${title}`, 'set -eu', ...plan.notes.map((n) => `# note: ${n}`)];
  const body = plan.steps.length ? plan.steps.map(stepText) : ['# nothing to do'];
  return `${[...head, ...body].join('\n')}\n`;
}
