// Runs grub-script-check (Debian grub-common) on config text; the oracle for every grub.cfg.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOracle, run } from './oracle.js';

export const grubScriptCheck = findOracle({ name: 'grub-script-check', pkg: 'grub-common' });

/** Exit status and output of grub-script-check on `text`. */
export function checkGrubScript(options: { text: string }): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bootgen-grub-'));
  try {
    const file = join(dir, 'grub.cfg');
    writeFileSync(file, options.text);
    const r = run(grubScriptCheck.path ?? 'grub-script-check', [file]);
    return { status: r.status, output: r.stdout + r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * VBoot's `snapshotentry` keyword is not upstream syntax (a1ive/grub vboot branch adds it to
 * script/sh/parser.y), so the vboot file is checked with those blocks spelled `menuentry`, which
 * has the same grammar (title, options, braced body).
 */
export function asUpstreamGrub(text: string): string {
  return text.replace(/^(\s*)snapshotentry\b/gm, '$1menuentry');
}
