// dnsmasq config values (dnsmasq(8) "CONFIG FILE"): one option a line, `,` separates fields and
// `#` starts a comment. bootgen only writes addresses, MACs, tags, file names and URLs there, so
// a value is carried verbatim or refused (plan.ts reports the refusal as a diagnostic).
import { InternalError } from '../../diagnostics/errors.js';

const UNSAFE = /[\s,"'#\\\u0000-\u001f\u007f]/;

/** Why `value` cannot be one dnsmasq field, or undefined when it can. */
export function dnsmasqProblem(value: string): string | undefined {
  if (value === '') return 'it is empty';
  const bad = UNSAFE.exec(value);
  if (bad) return `it contains ${JSON.stringify(bad[0])}, which dnsmasq reads as a separator, quote or comment`;
  return undefined;
}

/** Template helper `{{dnsmasqValue x}}`. */
export function dnsmasqValue(value: unknown): string {
  const text = typeof value === 'number' ? String(value) : value;
  if (typeof text !== 'string') throw new InternalError(`dnsmasqValue given ${typeof value}`);
  const problem = dnsmasqProblem(text);
  if (problem) throw new InternalError(`unchecked dnsmasq value ${JSON.stringify(text)}: ${problem}`);
  return text;
}
