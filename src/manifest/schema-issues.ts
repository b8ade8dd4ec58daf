// Turns zod issues into manifest diagnostics: one per problem, located in site.yaml, saying what
// was expected and what was found, with a did-you-mean for unknown keys and enum values.
import type * as z from 'zod';
import { diag, type Diagnostic } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/did-you-mean.js';
import { knownKeysAt } from './schema-keys.js';
import type { Locator, YamlPath } from './source-map.js';

type Issue = z.core.$ZodIssue;

export interface IssueContext {
  readonly schema: z.ZodType;
  readonly value: unknown;
  readonly locator: Locator;
}

export function issuesToDiagnostics(issues: readonly Issue[], ctx: IssueContext): Diagnostic[] {
  return issues.flatMap((issue) => issueToDiagnostics(issue, [], ctx));
}

function issueToDiagnostics(issue: Issue, base: YamlPath, ctx: IssueContext): Diagnostic[] {
  const path = [...base, ...(issue.path as (string | number)[])];
  const found = valueAt(ctx.value, path);
  const origin = ctx.locator.origin(path);
  const where = path.length ? `\`${path.join('.')}\`` : 'the manifest';
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((key) => unknownKey(key, path, ctx));
    case 'invalid_union':
      return unionIssue(issue, path, ctx);
    case 'invalid_type':
      if (found === undefined) {
        return [diag('manifest/missing-key', 'error', `missing required key \`${String(path.at(-1))}\``, { expected: expectedType(issue.expected), origin })];
      }
      return [diag('manifest/wrong-type', 'error', `${where} has the wrong type`, { expected: expectedType(issue.expected), found: describe(found), origin, ...quoteHint(issue.expected, found) })];
    case 'invalid_value': {
      const values = issue.values.map((v) => String(v));
      const near = typeof found === 'string' ? didYouMean(found, values) : undefined;
      return [diag('manifest/invalid-value', 'error', `${where} is not one of the accepted values`, {
        expected: values.length === 1 ? issue.message : `one of ${values.join(', ')}`,
        found: describe(found),
        origin,
        ...(near ? { hint: `did you mean \`${near}\`?` } : {}),
      })];
    }
    case 'too_small':
    case 'too_big':
      return [diag('manifest/out-of-range', 'error', `${where} ${rangeProblem(issue)}`, { expected: rangeText(issue), found: describe(found), origin })];
    default:
      return [diag('manifest/invalid-format', 'error', `${where} is not valid`, { expected: issue.message, found: describe(found), origin })];
  }
}

function unknownKey(key: string, path: YamlPath, ctx: IssueContext): Diagnostic {
  const known = knownKeysAt(ctx.schema, path);
  const near = didYouMean(key, known);
  return diag('manifest/unknown-key', 'error', `unknown key \`${key}\`${path.length ? ` in \`${path.join('.')}\`` : ''}`, {
    expected: known.length ? `one of ${known.join(', ')}` : 'no keys here',
    found: key,
    origin: ctx.locator.keyOrigin([...path, key]),
    ...(near ? { hint: `did you mean \`${near}\`?` } : {}),
  });
}

/** A union failed: report the branch whose type matched (string vs mapping), else "one of". */
function unionIssue(issue: Extract<Issue, { code: 'invalid_union' }>, path: YamlPath, ctx: IssueContext): Diagnostic[] {
  const branches = issue.errors.filter((errs) => !errs.some((e) => e.code === 'invalid_type' && e.path.length === 0));
  const [only] = branches;
  if (branches.length === 1 && only) return only.flatMap((e) => issueToDiagnostics(e, path, ctx));
  const found = valueAt(ctx.value, path);
  const origin = ctx.locator.origin(path);
  // Several shapes accepted the type (e.g. ISO date vs date-time text): the value's form is wrong.
  if (branches.length > 1) return [diag('manifest/invalid-format', 'error', `\`${path.join('.')}\` is not valid`, { expected: issue.message, found: describe(found), origin })];
  const expected = issue.errors.map((errs) => expectedOf(errs)).join(' or ');
  return [diag('manifest/wrong-type', 'error', `\`${path.join('.')}\` has the wrong type`, { expected, found: describe(found), origin })];
}

function expectedOf(errs: readonly Issue[]): string {
  const first = errs[0];
  return first && first.code === 'invalid_type' ? expectedType(first.expected) : 'another form';
}

function expectedType(t: string): string {
  const names: Record<string, string> = { object: 'a mapping', array: 'a list', string: 'a text', int: 'an integer', number: 'a number', boolean: 'true or false' };
  return names[t] ?? t;
}

function quoteHint(expected: string, found: unknown): { hint?: string } {
  return expected === 'string' && (typeof found === 'number' || typeof found === 'boolean') ? { hint: 'quote the value to make it a text' } : {};
}

function rangeProblem(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const small = issue.code === 'too_small';
  if (issue.origin === 'array') return small ? 'has too few items' : 'has too many items';
  if (issue.origin === 'string') return small ? 'is too short' : 'is too long';
  return small ? 'is too small' : 'is too large';
}

function rangeText(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>): string {
  const op = issue.code === 'too_small' ? (issue.inclusive === false ? '>' : '≥') : issue.inclusive === false ? '<' : '≤';
  const unit = issue.origin === 'array' ? ' items' : issue.origin === 'string' ? ' characters' : '';
  return `${op} ${String(issue.code === 'too_small' ? issue.minimum : issue.maximum)}${unit}`;
}

/** A short, readable rendering of a YAML value for "found:". */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'an empty value';
  if (Array.isArray(value)) return `a list of ${value.length}`;
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return JSON.stringify(value.length > 60 ? `${value.slice(0, 57)}...` : value);
  return `${typeof value} ${String(value)}`;
}

export function valueAt(root: unknown, path: YamlPath): unknown {
  let v = root;
  for (const seg of path) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, seg)) return undefined;
    v = (v as Record<string | number, unknown>)[seg];
  }
  return v;
}
