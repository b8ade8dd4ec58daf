// iPXE has no quoting at all (ipxe src/core/exec.c): a line is split on whitespace, a token
// starting with `#` starts a comment, the tokens `||` `&&` `;` end a command, and `${…}` is
// expanded in every token (src/core/settings.c expand_settings). So a value is either carried
// verbatim or refused; plan.ts turns a refusal into a diagnostic, the helpers only assert.
import { InternalError } from '../../diagnostics/errors.js';

/** `token`: one argument (URL, label); `text`: words joined by single spaces (titles). */
export type IpxeValueKind = 'token' | 'text';

// iPXE's isspace(): space \t \n \v \f \r; other C0 controls and DEL would corrupt the script line
const CONTROL = /[\u0000-\u001f\u007f]/;
const TERMINATORS = new Set(['||', '&&', ';']);

function tokenProblem(token: string): string | undefined {
  if (token === '') return 'it is empty';
  if (CONTROL.test(token)) return 'it contains a control character (tab, newline, …)';
  if (token.includes(' ')) return 'it contains a space';
  if (token.includes('${')) return "it contains '${', which iPXE expands as a setting";
  if (token.startsWith('#')) return "a word starts with '#', which iPXE reads as a comment";
  if (TERMINATORS.has(token)) return `the word '${token}' ends an iPXE command`;
  return undefined;
}

/** Why iPXE cannot carry `value` verbatim in a `kind` position, or undefined when it can. */
export function ipxeProblem(value: string, kind: IpxeValueKind): string | undefined {
  if (kind === 'token') return tokenProblem(value);
  if (CONTROL.test(value)) return 'it contains a control character (tab, newline, …)';
  if (value.startsWith('-')) return "it starts with '-', which iPXE would read as an option";
  if (value !== value.trim() || value.includes('  ')) return 'iPXE joins words with single spaces, so leading, trailing or repeated spaces are lost';
  for (const word of value.split(' ')) {
    const problem = tokenProblem(word);
    if (problem) return problem;
  }
  return undefined;
}

function checked(value: unknown, kind: IpxeValueKind): string {
  if (typeof value !== 'string') throw new InternalError(`ipxe helper given ${typeof value}`);
  const problem = ipxeProblem(value, kind);
  if (problem) throw new InternalError(`unchecked iPXE value ${JSON.stringify(value)}: ${problem}`);
  return value;
}

/** Template helper `{{ipxeArg x}}`: one token, verbatim (plan.ts has refused anything else). */
export function ipxeArg(value: unknown): string {
  return checked(value, 'token');
}

/** Template helper `{{ipxeText x}}`: a title of words, verbatim. */
export function ipxeText(value: unknown): string {
  return checked(value, 'text');
}
