// `bootgen init`: writes a few new files, never overwriting one that exists.
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { diag } from '../diagnostics/diagnostic.js';
import { BootgenError, ExitCode } from '../diagnostics/errors.js';
import { makeDirs, refusePseudoFs, writeStep } from './fs-failure.js';

export function writeNewFiles(dir: string, files: ReadonlyMap<string, string>): string[] {
  refusePseudoFs(dir);
  const existing = [...files.keys()].filter((rel) => existsSync(join(dir, rel)));
  if (existing.length) {
    throw new BootgenError(existing.map((rel) => diag('env/file-exists', 'error', `${join(dir, rel)} already exists`, {
      expected: 'a directory without a site.yaml',
      found: 'an existing file (not overwritten)',
      origin: { file: join(dir, rel) },
    })), ExitCode.badInput);
  }
  writeStep(dir, 'create', () => makeDirs(dir, { parents: false }));
  const written: string[] = [];
  for (const [rel, text] of files) {
    const full = join(dir, rel);
    // a failed write (read-only, full, EIO) is exit 3 naming the file; the parent of DIR must exist
    writeStep(full, 'write', () => {
      makeDirs(dirname(full));
      writeFileSync(full, text, { flag: 'wx' });
    });
    written.push(full);
  }
  return written;
}
