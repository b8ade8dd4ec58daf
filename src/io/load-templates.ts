// Templates by name (`grub/grub.cfg.hbs`): the built-in templates/ shipped with the package,
// overlaid file by file by a user's `--templates DIR` (DESIGN.md "templates").
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { diag, type Diagnostic, type Result } from '../diagnostics/diagnostic.js';
import type { TemplateSet } from '../app/ports.js';

/** `templates/` at the package root: two levels up from src/io/ and from dist/io/ alike. */
export const BUILTIN_TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url));

export function loadTemplates(options: { userDir?: string | undefined } = {}): Result<TemplateSet | undefined> {
  const builtIn = readTree(BUILTIN_TEMPLATES_DIR);
  if (options.userDir === undefined) return { value: templateSet(builtIn, () => BUILTIN_TEMPLATES_DIR), diagnostics: [] };
  const dir = options.userDir;
  if (!isDirectory(dir)) {
    return {
      value: undefined,
      diagnostics: [diag('cli/templates-not-found', 'error', `--templates ${dir} is not a directory`, {
        expected: 'a directory laid out like templates/ (e.g. grub/grub.cfg.hbs)',
        found: 'no such directory',
        origin: { file: dir },
      })],
    };
  }
  const user = readTree(dir);
  const diagnostics: Diagnostic[] = [];
  for (const name of user.keys()) {
    if (builtIn.has(name)) continue;
    diagnostics.push(diag('env/unknown-template', 'warning', `template ${name} in ${dir} replaces nothing`, {
      expected: `one of the built-in names: ${[...builtIn.keys()].join(', ') || '(none)'}`,
      found: name,
      origin: { file: join(dir, name) },
    }));
  }
  return { value: templateSet(new Map([...builtIn, ...user]), (name) => (user.has(name) ? dir : BUILTIN_TEMPLATES_DIR)), diagnostics };
}

function templateSet(texts: ReadonlyMap<string, string>, dirOf: (name: string) => string): TemplateSet {
  const names = [...texts.keys()].sort();
  return { get: (name) => texts.get(name), names: () => names, file: (name) => (texts.has(name) ? join(dirOf(name), name) : undefined) };
}

/** Every *.hbs under dir, by POSIX path relative to dir. */
function readTree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  if (!isDirectory(dir)) return out;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.hbs')) continue;
    const full = join(entry.parentPath, entry.name);
    out.set(relative(dir, full).split(sep).join('/'), readFileSync(full, 'utf8'));
  }
  return out;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
