// Existence checks for files named in site.yaml (relative to its directory), handed to the
// pipeline so model rules stay pure.
import { statSync } from 'node:fs';
import { resolve } from 'node:path';

export function siteFileExists(siteDir: string): (relPath: string) => boolean {
  return (relPath) => {
    try {
      return statSync(resolve(siteDir, relPath)).isFile();
    } catch {
      return false;
    }
  };
}
