// Runs `grub-mkimage` (GRUB's own image builder: LZMA core + PE relocation are not re-implemented)
// into a temp dir and returns the image bytes, or the tool's error. Deterministic for the same inputs.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MkimageRequest } from '../app/ports.js';

export function runGrubMkimage(tool: string, request: MkimageRequest): { bytes?: Uint8Array; error?: string } {
  const dir = mkdtempSync(join(tmpdir(), 'bootgen-mkimage-'));
  try {
    const out = join(dir, 'image');
    const args = ['-O', request.format, '-d', request.moduleDir, '-o', out, '-p', request.prefix];
    if (request.config !== undefined) {
      writeFileSync(join(dir, 'early.cfg'), request.config);
      args.push('-c', join(dir, 'early.cfg'));
    }
    const r = spawnSync(tool, [...args, ...request.modules], { encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) return { error: (r.stderr || r.error?.message || `exit ${r.status}`).trim() };
    return { bytes: new Uint8Array(readFileSync(out)) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
