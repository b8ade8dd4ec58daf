#!/usr/bin/env node
// Run after `npm install` changes package-lock.json. The registry these machines reach serves
// only the platform binaries of packages like rollup that this platform uses, so npm leaves the
// other platforms' optional packages out of the lock, and `npm ci` then rejects the lock as out of
// sync. This adds those entries back, marked with their os/cpu/libc so no machine fetches them.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2] ?? 'package-lock.json';
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;
const PLATFORM = /-(android|darwin|freebsd|linux|openbsd|openharmony|win32|netbsd|sunos|aix)-([a-z0-9]+)(?:-(gnu|musl|msvc|gnueabihf|musleabihf|eabi))?$/;
let added = 0;
for (const meta of Object.values(packages)) {
  for (const [name, version] of Object.entries(meta.optionalDependencies ?? {})) {
    if (packages[`node_modules/${name}`]) continue;
    const m = PLATFORM.exec(name);
    if (!m) throw new Error(`${name}: optional dependency missing from the lock and not a platform binary`);
    const [, os, cpu, abi] = m;
    const entry = { version, cpu: [cpu], dev: meta.dev, optional: true, os: [os] };
    if (abi?.startsWith('musl')) entry.libc = ['musl'];
    if (abi?.startsWith('gnu')) entry.libc = ['glibc'];
    packages[`node_modules/${name}`] = entry;
    added++;
  }
}
const sorted = Object.entries(packages).sort(([a], [b]) => (a === b ? 0 : a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1));
lock.packages = Object.fromEntries(sorted);
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`${file}: ${added} platform entries added`);
