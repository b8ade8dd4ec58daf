// The generated iPXE scripts run in real iPXE: QEMU's e1000 option ROM (Debian ipxe-qemu) boots
// boot.ipxe from the user-net TFTP server, which chains the machine's script over HTTP from this
// test; the menu times out to its default, whose raw ipxe: line fetches a marker URL. Seeing the
// marker request proves the chain by ${mac:hexhyp}, the menu/choose syntax and the fallback menu.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipxeTarget } from '../../../src/targets/ipxe/index.js';
import { findOracle, oraclesPresent } from '../../helpers/oracle.js';
import { disk, makeSite, raw } from '../../helpers/site.js';
import { repoTemplates } from '../../helpers/templates.js';

const qemu = findOracle({ name: 'qemu-system-x86_64', pkg: 'qemu-system-x86' });
const rom = findOracle({ name: '/usr/lib/ipxe/qemu/pxe-e1000.rom', pkg: 'ipxe-qemu' });

describe.skipIf(!oraclesPresent([qemu, rom], 'iPXE boot of generated scripts'))('generated iPXE scripts in QEMU', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootgen-ipxe-boot-'));
  const requests: string[] = [];
  let server: Server;
  let port = 0;

  beforeAll(async () => {
    server = createServer((req, res) => {
      requests.push(req.url ?? '');
      try {
        res.end(readFileSync(join(dir, (req.url ?? '').replace(/^\/+/, ''))));
      } catch {
        res.statusCode = 404;
        res.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
    const site = makeSite({
      name: 'qemu',
      menu: { title: 'bootgen test', timeout: 1, default: 'marker', serial: undefined },
      images: [{ id: 'master', path: 'images/master.vhd' }],
      entries: [
        { id: 'play', title: 'Play', boot: disk('master') },
        { id: 'marker', title: 'Marker entry', boot: raw(), raw: { ipxe: 'chain ${base}/bootgen-marker/${mac:hexhyp}' } },
      ],
      machines: [{ name: 'known', mac: '52:54:00:00:00:01' }],
      // QEMU user networking reaches the host's 127.0.0.1 as 10.0.2.2
      network: { http: `http://10.0.2.2:${port}` },
    });
    for (const a of ipxeTarget.render(site, { templates: repoTemplates() }).value) {
      mkdirSync(dirname(join(dir, a.path)), { recursive: true });
      writeFileSync(join(dir, a.path), a.content);
    }
  });

  afterAll(() => {
    server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Boots a NIC with `mac` until the marker is fetched (or 90 s pass); returns the URLs asked for. */
  async function boot(mac: string): Promise<string[]> {
    requests.length = 0;
    // TCG: the iPXE ROM stalled at "starting execution" under KVM on the development host
    const vm = spawn(qemu.path!, [
      '-machine', 'accel=tcg', '-m', '256', '-display', 'none', '-no-reboot', '-serial', 'null', '-monitor', 'none',
      '-netdev', `user,id=n0,tftp=${dir},bootfile=ipxe/boot.ipxe`,
      '-device', `e1000,netdev=n0,mac=${mac},bootindex=1,romfile=${rom.path}`,
    ], { stdio: 'ignore' });
    const deadline = Date.now() + 90_000;
    while (Date.now() < deadline && !requests.some((r) => r.startsWith('/bootgen-marker/')) && vm.exitCode === null) {
      await new Promise((r) => setTimeout(r, 200));
    }
    vm.kill('SIGKILL');
    return [...requests];
  }

  it('a known machine chains its own script and boots its default entry', async () => {
    expect(await boot('52:54:00:00:00:01')).toEqual(['/ipxe/machines/52-54-00-00-00-01.ipxe', '/bootgen-marker/52-54-00-00-00-01']);
  }, 120_000);

  it('an unknown machine falls back to the site menu', async () => {
    expect(await boot('52:54:00:00:00:99')).toEqual(['/ipxe/machines/52-54-00-00-00-99.ipxe', '/bootgen-marker/52-54-00-00-00-99']);
  }, 120_000);
});
