// The generated dhcp-script hook, run the way dnsmasq runs it (`HOOK add|old|del MAC IP`):
// immutable machines get `bootgen overlays SITE reset NAME --immutable`, nothing else runs.
import { chmodSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderResetHook } from '../../src/net/reset-hook.js';
import { repoTemplates } from '../helpers/templates.js';
import { run } from '../helpers/oracle.js';
import { lanpartySite } from './site-fixture.js';

const dir = mkdtempSync(join(tmpdir(), 'bootgen-hook-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Site = ReturnType<typeof lanpartySite>;

/** The hook of `site`, with overlays (and so the hook's reset stamps) in a fresh directory. */
function hookFor(site: Site, options: { overlays?: string; siteEnv?: string | null } = {}): (...args: string[]) => string[] {
  const overlays = options.overlays ?? mkdtempSync(join(dir, 'overlays-'));
  const net = site.network!;
  const own: Site = { ...site, network: { ...net, overlays: { ...net.overlays, dir: overlays } } };
  const hook = join(dir, `hook-${Math.random().toString(36).slice(2)}.sh`);
  writeFileSync(hook, renderResetHook(own, repoTemplates()).content);
  chmodSync(hook, 0o755);
  const log = `${hook}.log`;
  const fake = join(dir, 'fake-bootgen');
  writeFileSync(fake, `#!/bin/sh\necho "$*" >> "$LOG"\n`);
  chmodSync(fake, 0o755);
  return (...args) => {
    writeFileSync(log, '');
    const siteEnv = options.siteEnv === undefined ? ['BOOTGEN_SITE=/etc/bootgen/site.yaml'] : options.siteEnv === null ? [] : [`BOOTGEN_SITE=${options.siteEnv}`];
    const r = run('env', ['-u', 'BOOTGEN_SITE', `BOOTGEN=${fake}`, `LOG=${log}`, ...siteEnv, hook, ...args]);
    expect(r.status).toBe(0);
    return readFileSync(log, 'utf8').split('\n').filter(Boolean);
  };
}

describe('dhcp-script reset hook', () => {
  const site = lanpartySite({ machines: 3 });
  const hook = hookFor(site);

  it('resets the immutable overlays of the machine with that MAC on add and old', () => {
    expect(hook('add', '52:54:00:00:00:01', '10.0.0.101')).toEqual(['overlays /etc/bootgen/site.yaml reset cutman --immutable']);
    expect(hook('old', '52:54:00:00:00:02', '10.0.0.102', 'gutsman')).toEqual(['overlays /etc/bootgen/site.yaml reset gutsman --immutable']);
  });

  it('finds the site on the server, never at a path of the build machine: BOOTGEN_SITE, else <overlays dir>/site.yaml', () => {
    const overlays = mkdtempSync(join(dir, 'overlays-'));
    expect(hookFor(site, { overlays, siteEnv: null })('add', '52:54:00:00:00:01')).toEqual([`overlays ${overlays}/site.yaml reset cutman --immutable`]);
    // two checkouts of the same site (site.dir differs) give the same hook
    expect(renderResetHook({ ...site, dir: '/one/checkout', file: '/one/checkout/site.yaml' }, repoTemplates()).content).toBe(renderResetHook({ ...site, dir: '/other', file: '/other/site.yaml' }, repoTemplates()).content);
  });

  it('accepts ISC dhcpd MACs (upper case, octets not zero-padded)', () => {
    expect(hookFor(site)('add', '52:54:0:0:0:3')).toEqual(['overlays /etc/bootgen/site.yaml reset iceman --immutable']);
    expect(hookFor(site)('add', '52:54:00:00:00:0C'.replace('0C', '3'))).toEqual(['overlays /etc/bootgen/site.yaml reset iceman --immutable']);
  });

  it('does nothing on del, for unknown MACs, or for dnsmasq init/tftp events', () => {
    expect(hook('del', '52:54:00:00:00:01', '10.0.0.101')).toEqual([]);
    expect(hook('add', '52:54:00:00:00:99', '10.0.0.199')).toEqual([]);
    expect(hook('init')).toEqual([]);
    expect(hook('tftp', '1234', '10.0.0.5', '/srv/pxe/undionly.kpxe')).toEqual([]);
  });

  it('resets once per boot: a second lease event within a minute (iPXE asking again) resets nothing', () => {
    const overlays = mkdtempSync(join(dir, 'overlays-'));
    const h = hookFor(lanpartySite({ machines: 1 }), { overlays });
    expect(h('add', '52:54:00:00:00:01')).toEqual(['overlays /etc/bootgen/site.yaml reset cutman --immutable']);
    expect(h('old', '52:54:00:00:00:01')).toEqual([]);
    // the next boot, two minutes later
    const past = new Date(Date.now() - 120_000);
    utimesSync(join(overlays, '.reset-stamps', 'cutman'), past, past);
    expect(h('old', '52:54:00:00:00:01')).toEqual(['overlays /etc/bootgen/site.yaml reset cutman --immutable']);
  });

  it('leaves out machines that have only persistent overlays', () => {
    const base = lanpartySite({ machines: 2 });
    const keep = { ...base, machines: base.machines.map((m) => (m.name === 'gutsman' ? { ...m, entries: ['persist', 'rescue'] } : m)) };
    const h = hookFor(keep);
    expect(h('add', '52:54:00:00:00:02')).toEqual([]);
    expect(h('add', '52:54:00:00:00:01')).toEqual(['overlays /etc/bootgen/site.yaml reset cutman --immutable']);
  });
});
