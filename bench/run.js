#!/usr/bin/env node
// Runs every bench/*.bench.js in turn (each prints its own figures and ratios against native tools).
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const benches = readdirSync(here)
  .filter((f) => f.endsWith('.bench.js') && (!only || f.includes(only)))
  .sort();
let failed = 0;
for (const file of benches) {
  process.stdout.write(`\n== ${file} ==\n`);
  // A separate process per bench so each one's peak RSS is its own.
  const r = spawnSync(process.execPath, ['--expose-gc', join(here, file)], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
