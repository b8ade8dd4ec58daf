// Test helpers for chains: temp dirs, images made with bootgen's own planner, byte patches.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { planImage, type ImageCreateRequest } from '../../src/chain/plan-image.js';
import { walkChains } from '../../src/chain/index.js';
import type { ChainOptions } from '../../src/chain/types.js';
import { nodeFileSource, writeImageLayout } from '../../src/io/image-files.js';

export const tempDir = (prefix = 'chain-'): string => mkdtempSync(join(tmpdir(), prefix));

/** `bootgen image create` without the CLI: a base (size) or a child (parent). */
export async function createImage(options: { file: string; size?: number; parent?: string; format?: ImageCreateRequest['format']; uuid?: string; type?: 'fixed' | 'dynamic'; overwrite?: boolean }): Promise<void> {
  const planned = await planImage(
    {
      file: options.file,
      format: options.format ?? 'vhd',
      type: options.type ?? 'dynamic',
      timestamp: 1_767_225_600,
      seed: 'test',
      ...(options.size !== undefined ? { sizeBytes: options.size } : {}),
      ...(options.parent !== undefined ? { parent: options.parent } : {}),
      ...(options.uuid !== undefined ? { uuid: options.uuid } : {}),
    },
    nodeFileSource(),
  );
  if (!planned.value) throw new Error(JSON.stringify(planned.diagnostics));
  await writeImageLayout(options.file, planned.value.layout, { overwrite: options.overwrite ?? false });
}

/** Walks one chain and returns the codes found (sorted, unique) plus the full result. */
export async function chainCodes(path: string, options: ChainOptions = {}) {
  const r = await walkChains([{ path }], nodeFileSource(), options);
  return { codes: [...new Set(r.diagnostics.map((d) => d.code))].sort(), result: r };
}

/** Overwrites bytes at an offset (negative: from the end). */
export function patch(file: string, offset: number, bytes: ArrayLike<number>): void {
  const b = readFileSync(file);
  const at = offset < 0 ? b.length + offset : offset;
  for (let i = 0; i < bytes.length; i++) b[at + i] = bytes[i] ?? 0;
  writeFileSync(file, b);
}

export const MiB = 1024 * 1024;
