// site.yaml text → the written manifest + a source map, or every problem found on the way:
// YAML syntax (with yaml's own codes), duplicate keys, alias bombs, too-deep nesting, schema issues.
import type { Document, YAMLError } from 'yaml';
import { diag, type Diagnostic, type Result } from '../diagnostics/diagnostic.js';
import { checkNesting } from './nesting-limit.js';
import { WrittenSiteSchema, type WrittenSite } from './schema.js';
import { issuesToDiagnostics } from './schema-issues.js';
import { fastLoad } from './fast-load.js';
import { openerKindOf, unclosedOpener } from './yaml-opener.js';
import { parseYaml, SourceMap } from './source-map.js';

export interface LoadedManifest {
  readonly written: WrittenSite;
  readonly source: SourceMap;
}

/** More aliases than this when converting is a "billion laughs" document, not a manifest. */
export const MAX_ALIAS_COUNT = 100;

export function loadManifest(text: string, file: string): Result<LoadedManifest | undefined> {
  const deep = checkNesting(text, file);
  if (deep) return { value: undefined, diagnostics: [deep] };
  const fast = fastLoad(text);
  if (fast) return validate(fast.value, new SourceMap(file, { text }), []);
  const parsed = parseYaml(text);
  const source = new SourceMap(file, parsed);
  const { doc } = parsed;
  const warnings = doc.warnings.map((w) => yamlDiagnostic(w, 'warning', source, text));
  if (doc.errors.length) return { value: undefined, diagnostics: [...doc.errors.map((e) => yamlDiagnostic(e, 'error', source, text)), ...warnings] };
  const js = toPlain(doc, source);
  if (!js.ok) return { value: undefined, diagnostics: [js.diagnostic, ...warnings] };
  return validate(js.value, source, warnings);
}

function validate(value: unknown, source: SourceMap, warnings: Diagnostic[]): Result<LoadedManifest | undefined> {
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) {
    return { value: undefined, diagnostics: [notAMapping(value, source), ...warnings] };
  }
  const parsed = WrittenSiteSchema.safeParse(value);
  if (!parsed.success) {
    const diagnostics = byLocation([...issuesToDiagnostics(parsed.error.issues, { schema: WrittenSiteSchema, value, locator: source }), ...warnings]);
    // Unknown keys alone leave a manifest the later stages can still check: with them set aside,
    // a MAC typo is reported in the same run as a key typo. The errors stay, so nothing is built.
    const pruned = parsed.error.issues.every((i) => i.code === 'unrecognized_keys') ? WrittenSiteSchema.safeParse(withoutKeys(value, parsed.error.issues)) : undefined;
    return { value: pruned?.success ? { written: pruned.data, source } : undefined, diagnostics };
  }
  return { value: { written: parsed.data, source }, diagnostics: warnings };
}

/** A copy of `value` without the keys the issues name as unrecognized. */
function withoutKeys(value: unknown, issues: readonly { readonly path: readonly PropertyKey[]; readonly keys?: readonly string[] }[]): unknown {
  const copy: unknown = structuredClone(value);
  for (const issue of issues) {
    let node: unknown = copy;
    for (const p of issue.path) node = node !== null && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[p] : undefined;
    if (node === null || typeof node !== 'object') continue;
    for (const k of issue.keys ?? []) delete (node as Record<string, unknown>)[k];
  }
  return copy;
}

/** Report in reading order; the sort is stable, so issues on one node keep zod's order. */
function byLocation(diagnostics: Diagnostic[]): Diagnostic[] {
  const key = (d: Diagnostic): number => (d.origin?.line ?? 0) * 1e6 + (d.origin?.col ?? 0);
  return [...diagnostics].sort((a, b) => key(a) - key(b));
}

type Plain = { ok: true; value: unknown } | { ok: false; diagnostic: Diagnostic };

function toPlain(doc: Document, source: SourceMap): Plain {
  try {
    return { ok: true, value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) };
  } catch (e) {
    // yaml throws a ReferenceError when aliases expand past maxAliasCount (resource exhaustion).
    if (!(e instanceof ReferenceError)) throw e;
    return {
      ok: false,
      diagnostic: diag('manifest/alias-limit', 'error', 'the manifest expands YAML aliases too many times (an alias bomb?)', {
        expected: `at most ${MAX_ALIAS_COUNT} alias expansions`,
        found: e.message,
        origin: source.origin([]),
      }),
    };
  }
}

/** yaml error codes (yaml docs/08_errors.md) that deserve their own diagnostic code. */
const SPECIAL_YAML_ERRORS: Partial<Record<string, { code: string; message: string }>> = {
  DUPLICATE_KEY: { code: 'manifest/duplicate-key', message: 'duplicate key: a key may appear only once in a mapping' },
  // The parser ran out of stack: block nesting thousands of levels deep.
  RESOURCE_EXHAUSTION: { code: 'manifest/too-deep', message: 'the manifest nests too deeply for the YAML parser' },
};

function yamlDiagnostic(e: YAMLError, severity: 'error' | 'warning', source: SourceMap, text: string): Diagnostic {
  const special = SPECIAL_YAML_ERRORS[e.code];
  const code = special?.code ?? (severity === 'error' ? 'manifest/yaml-syntax' : 'manifest/yaml-warning');
  const message = special?.message ?? e.message.split('\n')[0] ?? e.message;
  // yaml marks only the first character of a duplicate key; read the key up to its colon.
  const key = /^("[^"\n]*"|'[^'\n]*'|[^:\n]+?)\s*:/.exec(text.slice(e.pos[0], e.pos[0] + 200))?.[1];
  const found = e.code === 'DUPLICATE_KEY' && key ? `\`${key}\` again` : e.code;
  // an unclosed quote or flow collection is reported where it was opened, not where yaml gave up
  const kind = openerKindOf(message);
  const opened = kind === undefined ? undefined : unclosedOpener(text, e.pos[0], kind);
  if (opened === undefined || opened >= e.pos[0]) return diag(code, severity, message, { found, origin: source.offsetOrigin(e.pos[0]) });
  const noticed = source.offsetOrigin(e.pos[0]);
  const what = kind === 'quote' ? 'the quoted text opened here is never closed' : `the ${kind === 'flow-map' ? '{' : '['} opened here is never closed`;
  return diag(code, severity, `${message}: ${what}`, { found, hint: `the parser noticed it at line ${noticed.line ?? '?'}, column ${noticed.col ?? '?'}`, origin: source.offsetOrigin(opened) });
}

function notAMapping(value: unknown, source: SourceMap): Diagnostic {
  const empty = value === null || value === undefined;
  return diag(empty ? 'manifest/empty' : 'manifest/not-a-mapping', 'error', empty ? 'the manifest is empty' : 'the manifest must be a YAML mapping', {
    expected: 'a mapping with at least `site:` and `entries:` (run `bootgen init` for a starter)',
    found: empty ? 'nothing' : Array.isArray(value) ? 'a list' : `${typeof value}`,
    origin: source.origin([]),
  });
}
