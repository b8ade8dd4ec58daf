// The README's first network command, as written: `bootgen serve examples/lanparty/site.yaml`
// with the example untouched (dm-snapshot overlays for 12 machines exported by tgt, full DHCP on
// eth0 at 10.0.0.1, HTTP on port 80). This machine's kernel has no device-mapper, so serve runs
// where the example wants it: in a QEMU server VM booted from Debian's kernel (test/boot/server-vm.ts)
// whose initramfs also carries dnsmasq, iproute2, grub-mkimage and the Debian loaders the PXE tree
// takes. A client VM with cutman's MAC on the test's private hub gets its lease from serve's
// dnsmasq, chains its iPXE script over serve's HTTP server and logs in to its own iSCSI target; the
// immutable overlay is reset at the lease. SIGTERM leaves no daemon, dm device, loop device or
// target, deletes the immutable overlays and keeps the persistent ones.
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOracle, oraclesPresent, oraclesRequired } from '../helpers/oracle.js';
import { bootClient, buildServerVmImages, createHubNamespace, makeExt4, netnsUnsupported, REPO, serverVmOracles, startServerVm, type HubNamespace, type ServerVm } from './server-vm.js';

const LOADERS = [
  '/usr/lib/ipxe/undionly.kpxe', '/usr/lib/ipxe/ipxe.efi', '/usr/lib/ipxe/snponly.efi', '/usr/lib/shim/shimx64.efi.signed',
  '/usr/lib/grub/x86_64-efi-signed/grubnetx64.efi.signed', '/usr/lib/grub/i386-pc',
];
const PROGRAMS = ['/usr/sbin/dnsmasq', '/usr/bin/ip', '/usr/bin/grub-mkimage'];

const ok = oraclesPresent(
  [...serverVmOracles(), ...PROGRAMS.map((name) => findOracle({ name, pkg: name.includes('dnsmasq') ? 'dnsmasq' : name.includes('grub') ? 'grub-common' : 'iproute2' })),
    ...LOADERS.map((name) => findOracle({ name, pkg: name.includes('ipxe') ? 'ipxe' : name.includes('shim') ? 'shim-signed' : name.includes('signed') ? 'grub-efi-amd64-signed' : 'grub-pc-bin' }))],
  'bootgen serve of examples/lanparty in a server VM',
) && hubPossible();

function hubPossible(): boolean {
  const why = netnsUnsupported();
  if (!why) return true;
  if (oraclesRequired) throw new Error(`required (BOOTGEN_REQUIRE_ORACLES=1): a private network namespace for the VMs' hub: ${why}`);
  process.stderr.write(`SKIP bootgen serve of examples/lanparty in a server VM: ${why}\n`);
  return false;
}

const CUTMAN = '52:54:00:00:00:01';
const SERVE = 'node /opt/bootgen/bin/bootgen.js serve /srv/lanparty/site.yaml --json';
const STATE = '/srv/lanparty/.bootgen-serve';

interface Event { kind: string; machine?: string; ip?: string; detail?: string }

describe.skipIf(!ok)('bootgen serve examples/lanparty/site.yaml, as written, in a server VM (live)', () => {
  const dir = ok ? mkdtempSync(join(tmpdir(), 'bootgen-lanvm-')) : '';
  let hub: HubNamespace | undefined;
  let vm: ServerVm | undefined;
  const events = async (): Promise<Event[]> => (await vm!.sh('cat /srv/serve.out')).out.split('\n').flatMap((l) => {
    try {
      return l.startsWith('{"') ? [JSON.parse(l) as Event] : [];
    } catch {
      return [];
    }
  });
  async function until(what: string, test: (es: Event[]) => boolean, ms: number): Promise<Event[]> {
    const end = Date.now() + ms;
    for (;;) {
      const es = await events();
      if (test(es)) return es;
      const ended = (await vm!.sh('grep "^EXIT " /srv/serve.out')).out.trim();
      if (Date.now() > end || (ended && !/stopped/.test(what))) throw new Error(`${what}: not within ${ms / 1000} s (or serve ended); serve printed:\n${(await vm!.sh('tail -c 3000 /srv/serve.out')).out}`);
      await new Promise((r) => setTimeout(r, 2000));
    }
  }

  beforeAll(async () => {
    const images = buildServerVmImages(join(dir, 'vm'), { binaries: PROGRAMS, files: [...LOADERS, '/etc/passwd', '/etc/group'] });
    mkdirSync(join(dir, 'data'));
    cpSync(join(REPO, 'examples/lanparty'), join(dir, 'data/lanparty'), { recursive: true });
    // room for the 8 GiB raw generation 0 the dm-snapshot engine converts the VHD to (sparse)
    const data = makeExt4(join(dir, 'data.img'), 12 * 1024, join(dir, 'data'));
    hub = createHubNamespace(`bootgen-lanvm-${process.pid}`, 1236);
    vm = await startServerVm({ dir, images, data, netdev: hub.netdev, prefix: hub.prefix, mac: '52:54:00:5e:00:10', memoryMb: 1536 });
    await vm.ok('ip link set eth0 up && ip addr add 10.0.0.1/24 dev eth0 && dmsetup version');
    // the README's command; the exit status is appended when it ends
    await vm.ok(`(setsid sh -c '${SERVE} > /srv/serve.out 2>&1 & echo $! > /srv/serve.pid; wait $!; echo "EXIT $?" >> /srv/serve.out' &) ; sleep 1`);
    await until('serving', (es) => es.some((e) => e.kind === 'serve' && /^serving lanparty on eth0: http:\/\/10\.0\.0\.1:80\/boot/.test(e.detail ?? '')), 480_000);
  }, 720_000);

  afterAll(async () => {
    await vm?.stop();
    hub?.close();
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('creates and exports all 24 overlays of the 12 machines, each bound to its machine\'s initiator', async () => {
    const status = async () => JSON.parse((await vm!.ok('wget -qO- http://10.0.0.1/bootgen/status.json')).trim()) as { machines: { name: string }[]; overlays: { name: string; exported: boolean }[] };
    const end = Date.now() + 300_000;
    let s = await status();
    while (s.overlays.filter((o) => o.exported).length < 24 && Date.now() < end) {
      await new Promise((r) => setTimeout(r, 3000));
      s = await status();
    }
    expect(s.machines.map((m) => m.name)).toHaveLength(12);
    expect(s.overlays.filter((o) => o.exported).map((o) => o.name)).toHaveLength(24);
    const targets = await vm!.ok('tgtadm --lld iscsi --op show --mode target');
    expect(targets).toContain('iqn.2026-01.bootgen.lanparty:cutman-play');
    expect(targets).toContain('iqn.2026-01.bootgen.lanparty.initiator:cutman');
    expect(targets).not.toMatch(/^\s+ALL$/m);
    expect((await vm!.ok('dmsetup ls')).match(/bootgen-lanparty-/g)).toHaveLength(24);
  }, 360_000);

  it('cutman gets its lease from serve\'s dnsmasq, chains its own script over HTTP and logs in to its own target; its immutable overlay is reset', async () => {
    const before = (await events()).length;
    const r = await bootClient({
      prefix: hub!.prefix, netdev: hub!.netdev, mac: CUTMAN, script: 'dhcp && chain ${filename}', timeoutMs: 240_000,
      until: /Boot failed/, // the example's master is an empty disk: iPXE logs in, finds nothing to boot
    });
    expect(r.serial, r.serial.slice(-1500)).toMatch(/Boot failed/);
    const es = (await until('cutman\'s events', (all) => all.slice(before).some((e) => e.kind === 'san-login' && e.machine === 'cutman'), 120_000)).slice(before);
    expect(es.filter((e) => e.kind === 'san-login').map((e) => e.detail)).toEqual(['iSCSI login to iqn.2026-01.bootgen.lanparty:cutman-play']);
    expect(es).toContainEqual(expect.objectContaining({ kind: 'lease', machine: 'cutman', ip: '10.0.0.2' }));
    expect(es.filter((e) => e.kind === 'fetch' && e.machine === 'cutman').map((e) => e.detail)).toContainEqual(expect.stringMatching(/^http \/boot\/ipxe\/machines\/52-54-00-00-00-01\.ipxe 200/));
    await until('reset', (all) => all.slice(before).some((e) => e.kind === 'reset' && e.machine === 'cutman'), 120_000);
  }, 600_000);

  it('SIGTERM: exit 0; no daemon, dm device, loop device or target is left; immutable overlays deleted, persistent ones kept', async () => {
    await vm!.ok('kill -TERM "$(cat /srv/serve.pid)"');
    await until('stopped', (es) => es.some((e) => e.kind === 'serve' && /^stopped/.test(e.detail ?? '')), 240_000);
    const end = Date.now() + 60_000;
    while ((await vm!.sh('grep -q "^EXIT " /srv/serve.out')).rc !== 0 && Date.now() < end) await new Promise((r) => setTimeout(r, 1000));
    expect((await vm!.ok('grep "^EXIT " /srv/serve.out')).trim()).toBe('EXIT 0');
    expect((await vm!.sh('ps -o pid,args | grep -E "dnsmasq|tgtd|bootgen" | grep -v grep')).out.trim()).toBe('');
    expect((await vm!.sh('dmsetup ls')).out).not.toContain('bootgen-');
    expect((await vm!.sh('/usr/sbin/losetup -a')).out.trim()).toBe('');
    const cows = (await vm!.ok(`ls ${STATE}/overlays`)).split('\n').filter((f) => f.endsWith('.cow'));
    expect(cows.filter((f) => f.endsWith('-play.cow'))).toEqual([]);
    expect(cows.filter((f) => f.endsWith('-persist.cow'))).toHaveLength(12);
  }, 360_000);
});
