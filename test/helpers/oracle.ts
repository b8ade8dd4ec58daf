// Native oracles (fsck.fat, xorriso, qemu-img, …). Locally a missing tool skips its tests with a
// printed reason; in CI (BOOTGEN_REQUIRE_ORACLES=1) it fails them, so nothing is skipped silently.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

export const oraclesRequired = process.env.BOOTGEN_REQUIRE_ORACLES === '1';

export interface Oracle {
  readonly name: string;
  /** absolute path when found */
  readonly path: string | undefined;
  readonly available: boolean;
  /** why it is missing (and which Debian package provides it) */
  readonly reason: string;
}

const PATHS = ['/usr/sbin', '/sbin', '/usr/bin', '/bin', '/usr/local/bin', '/usr/local/sbin'];

/** Finds a tool by name on PATH and the sbin directories, or an absolute file (firmware, ROMs). */
export function findOracle(options: { name: string; pkg: string }): Oracle {
  const { name, pkg } = options;
  let path: string | undefined;
  if (name.startsWith('/')) {
    path = existsSync(name) ? name : undefined;
  } else {
    const dirs = [...(process.env.PATH ?? '').split(':'), ...PATHS];
    path = dirs.map((d) => `${d}/${name}`).find((p) => existsSync(p));
  }
  return {
    name,
    path,
    available: path !== undefined,
    reason: path ? '' : `${name} not found (Debian package ${pkg})`,
  };
}

/**
 * Returns true when every oracle is present. Otherwise: in CI throws (the test fails), locally
 * prints the reason once and returns false so the caller can `describe.skipIf(!ok)`.
 */
export function oraclesPresent(oracles: readonly Oracle[], what: string): boolean {
  const missing = oracles.filter((o) => !o.available);
  if (missing.length === 0) return true;
  const reason = `${what}: ${missing.map((o) => o.reason).join('; ')}`;
  if (oraclesRequired) throw new Error(`required oracle missing (BOOTGEN_REQUIRE_ORACLES=1): ${reason}`);
  process.stderr.write(`SKIP ${reason}\n`);
  return false;
}

/** Runs a tool synchronously and returns its output; never throws on non-zero exit. */
export function run(cmd: string, args: readonly string[], options: { input?: string | Uint8Array; cwd?: string; timeoutMs?: number } = {}) {
  const r = spawnSync(cmd, args, {
    input: options.input,
    cwd: options.cwd,
    timeout: options.timeoutMs ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
    encoding: 'utf8',
  });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '', error: r.error };
}
