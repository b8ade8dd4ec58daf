// Runs `grub-mkimage` (GRUB's own image builder: LZMA core + PE relocation are not re-implemented)
// into a temp dir and returns the image bytes. Output is deterministic for the same inputs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BootgenError, diag, ExitCode } from '../diagnostics/index.js';
import type { MkimageNeed } from '../media/loader-needs.js';

export function findGrubMkimage(): string | undefined {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/bin', '/bin']) {
    const p = join(dir, 'grub-mkimage');
    if (existsSync(p)) return p;
  }
  return undefined;
}

export function runGrubMkimage(tool: string, need: MkimageNeed): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'bootgen-mkimage-'));
  try {
    const out = join(dir, 'image');
    const args = ['-O', need.format, '-d', need.moduleDir, '-o', out, '-p', need.prefix];
    if (need.config !== undefined) {
      writeFileSync(join(dir, 'early.cfg'), need.config);
      args.push('-c', join(dir, 'early.cfg'));
    }
    const r = spawnSync(tool, [...args, ...need.modules], { encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) {
      throw new BootgenError(
        [diag('env/grub-mkimage-failed', 'error', `grub-mkimage -O ${need.format} failed: ${(r.stderr || r.error?.message || '').trim()}`, { hint: `reinstall ${need.pkg}` })],
        ExitCode.environment,
      );
    }
    return new Uint8Array(readFileSync(out));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
