// The `bootgen serve` systemd unit: `systemd-analyze verify` is clean on it (as root and as a
// user with capabilities), its ExecStart words survive systemd's quoting rules (paths with
// spaces, `%`, `$`, quotes and backslashes), and a broken unit is caught by the same oracle.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadTemplates } from '../../src/io/load-templates.js';
import { renderServeUnit, SERVE_UNIT_NAME, systemdWord, type ServeUnitOptions } from '../../src/net/systemd-unit.js';
import { REPO } from '../cli/run-cli.js';
import { findOracle, oraclesPresent } from '../helpers/oracle.js';

const analyze = findOracle({ name: 'systemd-analyze', pkg: 'systemd' });
const dir = mkdtempSync(join(tmpdir(), 'bootgen-unit-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const templates = loadTemplates().value!;

const OPTIONS: ServeUnitOptions = {
  site: 'lan%party',
  node: process.execPath,
  bootgen: join(REPO, 'bin/bootgen.js'),
  sitePath: '/srv/my site/$HOME %h "q" back\\slash/site.yaml',
  state: '/var/lib/bootgen/state',
  iface: 'br0',
};

function unit(options: ServeUnitOptions): string {
  const r = renderServeUnit(options, templates);
  expect(r.diagnostics).toEqual([]);
  expect(r.value?.path).toBe(SERVE_UNIT_NAME);
  return r.value!.content;
}

describe('ExecStart quoting (systemd.service(5) "Command lines")', () => {
  it('leaves plain words alone, doubles % and $, quotes the rest with C escapes', () => {
    expect(systemdWord('/usr/bin/node')).toBe('/usr/bin/node');
    expect(systemdWord('--state')).toBe('--state');
    expect(systemdWord('/a b')).toBe('"/a b"');
    expect(systemdWord('100%')).toBe('"100%%"');
    expect(systemdWord('$HOME')).toBe('"$$HOME"');
    expect(systemdWord('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(systemdWord(';')).toBe('";"');
    expect(systemdWord('a\nb')).toBeUndefined();
  });

  it('refuses a path with a control character or an odd user name (cli/bad-option)', () => {
    expect(renderServeUnit({ ...OPTIONS, state: '/var/lib/a\nExecStartPre=/bin/rm' }, templates).diagnostics[0]?.code).toBe('cli/bad-option');
    expect(renderServeUnit({ ...OPTIONS, user: 'root\nUser=x' }, templates).diagnostics[0]?.code).toBe('cli/bad-option');
  });

  it('has what a permanent serve needs: absolute ExecStart, Type=simple, Restart=on-failure, after the network is online', () => {
    const text = unit(OPTIONS);
    const exec = /^ExecStart=(.*)$/m.exec(text)?.[1] ?? '';
    expect(exec.startsWith(`${process.execPath} ${join(REPO, 'bin/bootgen.js')} serve "/srv/my site/$$HOME %%h \\"q\\" back\\\\slash/site.yaml" --state /var/lib/bootgen/state --iface br0`)).toBe(true);
    for (const line of ['Type=simple', 'Restart=on-failure', 'After=network-online.target', 'Wants=network-online.target', 'KillMode=mixed', 'WantedBy=multi-user.target', 'Description=bootgen boot server for site lan%%party']) {
      expect(text.split('\n'), line).toContain(line);
    }
    expect(text).not.toMatch(/^User=/m);
    const asUser = unit({ ...OPTIONS, user: 'bootgen' });
    expect(asUser.split('\n')).toEqual(expect.arrayContaining(['User=bootgen', 'AmbientCapabilities=CAP_NET_ADMIN CAP_NET_BIND_SERVICE CAP_NET_RAW', 'CapabilityBoundingSet=CAP_NET_ADMIN CAP_NET_BIND_SERVICE CAP_NET_RAW']));
  });
});

describe.skipIf(!oraclesPresent([analyze], 'systemd-analyze verify on the serve unit'))('systemd-analyze verify', () => {
  const verify = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    const r = spawnSync(analyze.path ?? 'systemd-analyze', ['verify', '--man=no', file], { encoding: 'utf8', timeout: 60_000 });
    return { status: r.status, output: `${r.stdout}${r.stderr}` };
  };

  it('is clean on the unit as root and as a user with capabilities', () => {
    expect(verify(SERVE_UNIT_NAME, unit(OPTIONS))).toEqual({ status: 0, output: '' });
    expect(verify('bootgen-serve-user.service', unit({ ...OPTIONS, user: 'bootgen', iface: undefined }))).toEqual({ status: 0, output: '' });
  });

  it('catches a broken unit (the oracle can fail)', () => {
    const broken = unit(OPTIONS).replace(/^ExecStart=(.*)$/m, 'ExecStart=$1 "unbalanced');
    const r = verify('bootgen-serve-broken.service', broken);
    expect(r.status).not.toBe(0);
    expect(r.output).toMatch(/quoting/i);
  });
});
