// One overlays command at a time per overlay dir: serve's reconciler and the DHCP hook's
// `bootgen overlays reset` must not observe, plan and run over each other. An atomic mkdir is the
// lock (it works on every file system, unlike flock on some FUSE or network ones); a lock whose
// holder process is gone is taken over.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LockPort } from '../app/ports.js';

const LOCK = '.bootgen-lock';

function holderAlive(dir: string): boolean {
  try {
    const pid = Number(readFileSync(join(dir, LOCK, 'pid'), 'utf8'));
    if (!Number.isInteger(pid) || pid <= 0) return false;
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function tryLock(dir: string): boolean {
  const path = join(dir, LOCK);
  try {
    mkdirSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      mkdirSync(dir, { recursive: true });
      return tryLock(dir);
    }
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    // a lock left by a holder that died: take it over (its pid file written right after mkdir)
    if (holderAlive(dir)) return false;
    rmSync(path, { recursive: true, force: true });
    return tryLock(dir);
  }
  writeFileSync(join(path, 'pid'), String(process.pid));
  return true;
}

export const nodeLocks: LockPort = {
  async acquire(dir, options) {
    const until = Date.now() + (options.waitMs ?? 0);
    for (;;) {
      if (tryLock(dir)) return { release: () => rmSync(join(dir, LOCK), { recursive: true, force: true }) };
      if (Date.now() >= until) return undefined;
      await new Promise((r) => setTimeout(r, 100));
    }
  },
};
