// The one handlebars environment of bootgen (code-style.md §6.5): `noEscape` because configs are
// not HTML, `strict` so a template naming a missing field fails instead of printing nothing, and
// `preventIndent` because re-indenting a partial would add spaces inside a quoted multi-line value.
// Escaping is explicit, one helper per target language; compiled templates are cached per set.
import Handlebars from 'handlebars';
import { diag } from '../diagnostics/diagnostic.js';
import { BootgenError } from '../diagnostics/errors.js';
import { cmdArg } from './bcd/escape.js';
import { dhcpdString } from './dhcpd/escape.js';
import { dnsmasqValue } from './dnsmasq/escape.js';
import { grubWord, grubWords } from './grub/escape.js';
import { ipxeArg, ipxeText } from './ipxe/escape.js';
import { shellInDoubleQuotes, shellQuote } from './shell/escape.js';
import type { TemplateSet } from './types.js';

/** Template helper `{{html x}}`: text in an HTML element or quoted attribute (HTML §13.1.2). */
export function htmlText(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Template helper `{{comment x}}`: text inside a line comment of any language, kept on its line. */
export function comment(value: unknown): string {
  return String(value).replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, '?');
}

const env = Handlebars.create();
env.registerHelper({ grubQuote: grubWord, grubWords, ipxeArg, ipxeText, dnsmasqValue, dhcpdString, cmdArg, comment, shQuote: (v: unknown) => shellQuote(String(v)), shInDq: shellInDoubleQuotes, html: htmlText, eq: (a: unknown, b: unknown) => a === b });

const COMPILE = { noEscape: true, strict: true, preventIndent: true } as const;

type Compiled = Handlebars.TemplateDelegate;
interface Compiledset {
  readonly templates: Map<string, Compiled>;
  readonly partials: Record<string, Compiled>;
}
const cache = new WeakMap<TemplateSet, Compiledset>();

/** Partials are the set's `<kind>/partials/<name>.hbs`, called as `{{> <kind>/<name>}}`. */
function partialName(name: string): string | undefined {
  const m = /^([^/]+)\/partials\/(.+)\.hbs$/.exec(name);
  return m ? `${m[1]}/${m[2]}` : undefined;
}

/** Names the file a failure came from: the innermost template or partial that threw. */
class TemplateFailure extends Error {
  constructor(readonly file: string, message: string) {
    super(message);
  }
}

const fileOf = (set: TemplateSet, name: string): string => set.file?.(name) ?? name;

function compile(set: TemplateSet, name: string): Compiled {
  const text = set.get(name);
  if (text === undefined) {
    throw new BootgenError([diag('target/missing-template', 'error', `template ${name} not found`, { hint: 'a --templates directory overrides built-in templates file by file; keep the same names' })]);
  }
  const file = fileOf(set, name);
  let template: Compiled;
  try {
    // parse now: a syntax error names its file, not whichever template first calls it
    env.parse(text);
    template = env.compile(text, COMPILE);
  } catch (error) {
    throw templateFailed(file, error);
  }
  return (context, options) => {
    try {
      return template(context, options);
    } catch (error) {
      throw error instanceof TemplateFailure || error instanceof BootgenError ? error : new TemplateFailure(file, error instanceof Error ? error.message : String(error));
    }
  };
}

function templateFailed(file: string, error: unknown): BootgenError {
  const message = error instanceof Error ? error.message : String(error);
  // strict mode reports a field the template names but the view lacks: a user template's bug
  return new BootgenError([diag('target/template-failed', 'error', `template ${file} failed: ${message.split('\n')[0] ?? message}`, {
    ...(message.includes('\n') ? { found: message.split('\n').slice(1).join('\n') } : {}),
    hint: 'compare a --templates copy with the built-in templates/ of this bootgen version',
    origin: { file },
  })]);
}

function compiled(set: TemplateSet): Compiledset {
  let entry = cache.get(set);
  if (!entry) {
    const partials: Record<string, Compiled> = {};
    for (const name of set.names()) {
      const partial = partialName(name);
      if (partial) partials[partial] = compile(set, name);
    }
    entry = { templates: new Map(), partials };
    cache.set(set, entry);
  }
  return entry;
}

/** Renders template `name` (e.g. `grub/grub.cfg.hbs`) of `set` with a view model. */
export function renderTemplate(set: TemplateSet, name: string, view: object): string {
  const entry = compiled(set);
  let template = entry.templates.get(name);
  if (!template) {
    template = compile(set, name);
    entry.templates.set(name, template);
  }
  try {
    return template(view, { partials: entry.partials });
  } catch (error) {
    if (error instanceof BootgenError) throw error;
    throw templateFailed(error instanceof TemplateFailure ? error.file : fileOf(set, name), error);
  }
}
