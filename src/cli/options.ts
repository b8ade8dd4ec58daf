// Parsing of comma lists and choices on the command line, with did-you-mean (exit 2).
import { diag } from '../diagnostics/diagnostic.js';
import { didYouMean } from '../diagnostics/did-you-mean.js';
import { BootgenError, ExitCode } from '../diagnostics/errors.js';

export function parseChoice<T extends string>(option: string, value: string, choices: readonly T[]): T {
  if ((choices as readonly string[]).includes(value)) return value as T;
  const near = didYouMean(value, choices);
  throw new BootgenError([
    diag('cli/bad-option', 'error', `${option} ${value}: not a valid choice`, {
      expected: `one of ${choices.join(', ')}`,
      found: value,
      ...(near ? { hint: `did you mean \`${near}\`?` } : {}),
    }),
  ], ExitCode.badInput);
}

export function parseList<T extends string>(option: string, value: string, choices: readonly T[]): T[] {
  const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (items.length === 0) parseChoice(option, value, choices); // throws: nothing listed
  return [...new Set(items.map((item) => parseChoice(option, item, choices)))];
}

/**
 * An option that names a directory (`--parent-dir`, `--state`, `--locator-root`): it must exist and
 * be one, else exit 2 (cli/option-path) before anything runs; never silently ignored.
 */
export function requireDirOption(option: string, path: string, stat: (p: string) => { readonly kind: string } | undefined): string {
  const st = stat(path);
  if (st?.kind === 'directory') return path;
  throw new BootgenError([
    diag('cli/option-path', 'error', `${option} ${path}: ${st === undefined ? 'does not exist' : `is not a directory (${st.kind === 'fifo' ? 'a FIFO' : `a ${st.kind}`})`}`, {
      expected: 'an existing directory',
      found: st === undefined ? 'nothing' : st.kind,
      origin: { file: path },
    }),
  ], ExitCode.badInput);
}
