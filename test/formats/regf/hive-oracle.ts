// Test helpers: write a hive to a temp file and ask hivex about it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findOracle, run } from '../../helpers/oracle.js';

export const hivexOracles = [
  findOracle({ name: 'hivexml', pkg: 'libhivex-bin' }),
  findOracle({ name: 'hivexsh', pkg: 'libhivex-bin' }),
  findOracle({ name: 'hivexget', pkg: 'libhivex-bin' }),
];

/** Runs `fn` with the hive written to a fresh temp file; the directory is removed afterwards. */
export function withHiveFile<T>(options: { bytes: Uint8Array; name?: string }, fn: (path: string) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'bootgen-regf-'));
  try {
    const path = join(dir, options.name ?? 'hive');
    writeFileSync(path, options.bytes);
    return fn(path);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const readBack = (path: string): Uint8Array => new Uint8Array(readFileSync(path));

/**
 * hivexml exit status and XML. libxml2 opens /dev/stdout by name, which fails on the socket pair
 * node gives a child (ENXIO), so the XML goes through a file.
 */
export function hivexml(path: string): { status: number | null; stdout: string; stderr: string } {
  const r = run('sh', ['-c', 'hivexml "$1" > "$1.xml"', 'sh', path]);
  let xml = '';
  try {
    xml = readFileSync(`${path}.xml`, 'utf8');
  } catch {
    // left empty: the status tells why
  }
  return { status: r.status, stdout: xml, stderr: r.stderr };
}

/** hivexsh -d (debug; -w to allow writes) running `script` (one command a line) against the hive. */
export function hivexsh(options: { path: string; script: string; write?: boolean }) {
  const scriptFile = `${options.path}.hivexsh`;
  writeFileSync(scriptFile, options.script);
  return run('hivexsh', [options.write ? '-dw' : '-d', '-f', scriptFile, options.path]);
}

/** hivexget KEY [VALUE]: a value as text, or a key's values as .reg lines. */
export const hivexget = (path: string, key: string, value?: string) => run('hivexget', value === undefined ? [path, key] : [path, key, value]);
