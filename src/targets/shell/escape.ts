// POSIX shell quoting (POSIX.1-2017 XCU §2.2) for generated scripts: the DHCP hook, --dry-run plans.

const SAFE = /^[A-Za-z0-9_@%+=:,./-]+$/;
const VAR = /\$\{[A-Za-z_][A-Za-z0-9_]*\}/;

/** Quotes one argument; `${var}` references stay expandable (double quotes). */
export function shellQuote(arg: string): string {
  if (SAFE.test(arg)) return arg;
  if (VAR.test(arg)) return `"${arg.replace(/["\\`]/g, (c) => `\\${c}`)}"`;
  return `'${arg.replaceAll("'", `'\\''`)}'`;
}

/** Text placed inside double quotes by a template: `"`, `\`, `$` and backquote escaped (§2.2.3). */
export function shellInDoubleQuotes(value: unknown): string {
  return String(value).replace(/["\\$`]/g, (c) => `\\${c}`);
}
