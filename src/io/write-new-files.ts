// `bootgen init`: writes a few new files, never overwriting one that exists.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { diag } from '../diagnostics/diagnostic.js';
import { BootgenError, ExitCode } from '../diagnostics/errors.js';

export function writeNewFiles(dir: string, files: ReadonlyMap<string, string>): string[] {
  const existing = [...files.keys()].filter((rel) => existsSync(join(dir, rel)));
  if (existing.length) {
    throw new BootgenError(existing.map((rel) => diag('env/file-exists', 'error', `${join(dir, rel)} already exists`, {
      expected: 'a directory without a site.yaml',
      found: 'an existing file (not overwritten)',
      origin: { file: join(dir, rel) },
    })), ExitCode.badInput);
  }
  const written: string[] = [];
  for (const [rel, text] of files) {
    const full = join(dir, rel);
    mkdirSync(dirname(full), { recursive: true });
    writeFileSync(full, text, { flag: 'wx' });
    written.push(full);
  }
  return written;
}
