// ISC dhcpd strings and names (dhcpd.conf(5); the lexer common/conflex.c read_string understands
// `\"`, `\\` and three-digit octal escapes inside double quotes).
import { InternalError } from '../../diagnostics/errors.js';

/** Template helper `{{dhcpdString x}}`: a double-quoted string holding exactly `value`. */
export function dhcpdString(value: unknown): string {
  if (typeof value !== 'string') throw new InternalError(`dhcpdString given ${typeof value}`);
  let out = '"';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '"' || ch === '\\') out += `\\${ch}`;
    else if (code < 0x20 || code === 0x7f) out += `\\${code.toString(8).padStart(3, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9_-]*$/;

/** Why `value` cannot be a bare dhcpd name (host declarations), or undefined when it can. */
export function dhcpdNameProblem(value: string): string | undefined {
  return NAME.test(value) ? undefined : 'dhcpd host names are letters, digits, `-` and `_`';
}
