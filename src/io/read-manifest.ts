// Reads site.yaml's bytes, turning every file-system failure into a diagnostic (exit 2).
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { diag, type Result } from '../diagnostics/diagnostic.js';

/** A manifest larger than this is not a hand-written site (50,000 machines is about 4 MiB). */
export const MAX_MANIFEST_BYTES = 64 * 2 ** 20;

export interface ManifestBytes {
  readonly bytes: Uint8Array;
  /** absolute directory of the manifest */
  readonly dir: string;
}

export function readManifest(file: string): Result<ManifestBytes | undefined> {
  const fail = (code: string, message: string, expected: string, found: string): Result<undefined> => ({
    value: undefined,
    diagnostics: [diag(code, 'error', message, { expected, found, origin: { file } })],
  });
  let size: number;
  try {
    const st = statSync(file);
    if (st.isDirectory()) return fail('manifest/is-directory', `${file} is a directory`, 'a site.yaml file', 'a directory');
    if (!st.isFile()) return fail('manifest/unreadable', `${file} is not a regular file`, 'a site.yaml file', 'a device, socket or pipe');
    size = st.size;
  } catch (e) {
    const code = errno(e);
    if (code === 'ENOENT') return fail('manifest/not-found', `${file} does not exist`, 'a site.yaml file (create one with `bootgen init`)', 'no such file');
    return fail('manifest/unreadable', `cannot read ${file}`, 'a readable file', code ?? String(e));
  }
  if (size > MAX_MANIFEST_BYTES) return fail('manifest/too-large', `${file} is ${size} bytes`, `at most ${MAX_MANIFEST_BYTES} bytes`, `${size} bytes`);
  try {
    return { value: { bytes: readFileSync(file), dir: dirname(resolve(file)) }, diagnostics: [] };
  } catch (e) {
    return fail('manifest/unreadable', `cannot read ${file}`, 'a readable file', errno(e) ?? String(e));
  }
}

export function errno(e: unknown): string | undefined {
  return e instanceof Error && 'code' in e && typeof e.code === 'string' ? e.code : undefined;
}
