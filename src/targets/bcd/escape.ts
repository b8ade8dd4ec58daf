// Quoting for cmd.exe batch files that call bcdedit. Inside double quotes cmd keeps & | < > ( ) ^
// literal, but still expands %VAR% (written %% in a batch file) and has no way to escape `"`.
// bcdedit then splits its command line with the MS C runtime rules, where backslashes before a
// closing quote escape it, so trailing backslashes are doubled.
import { InternalError } from '../../diagnostics/errors.js';

const UNSAFE = /["\u0000-\u001f\u007f]/;

/** Why `value` cannot be one quoted cmd argument, or undefined when it can. */
export function cmdProblem(value: string): string | undefined {
  const bad = UNSAFE.exec(value);
  if (!bad) return undefined;
  return bad[0] === '"' ? 'cmd.exe cannot quote a double quote inside a quoted argument' : 'it contains a control character (newline, tab, …)';
}

/** Template helper `{{cmdArg x}}`: one double-quoted argument holding exactly `value`. */
export function cmdArg(value: unknown): string {
  if (typeof value !== 'string') throw new InternalError(`cmdArg given ${typeof value}`);
  const problem = cmdProblem(value);
  if (problem) throw new InternalError(`unchecked cmd value ${JSON.stringify(value)}: ${problem}`);
  const body = value.replaceAll('%', '%%').replace(/(\\+)$/, '$1$1');
  return `"${body}"`;
}
