// engine: dm-snapshot, for real: bootgen itself (Node + the built project on a tools disk) runs
// `overlays init|status|reset|merge|destroy` inside a QEMU server VM booted from Debian's kernel
// (dm-mod, dm-snapshot, loop), exporting each machine's snapshot with vblade (AoE) or tgtd (iSCSI).
// Client VMs on a multicast hub inside a private network namespace boot ipxe.lkrn, chain their own
// bootgen-generated iPXE script over HTTP from the server VM, and sanboot their overlay; GRUB on the
// master records a first boot in grubenv (a write through the overlay) and prints SAN-MARK-FIRST,
// later SAN-MARK-SEEN. One server VM serves every case. Every boot and wait is bounded.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oraclesPresent, oraclesRequired, findOracle, run } from '../helpers/oracle.js';
import { buildSanDisk } from '../boot/san-disk.js';
import { bootClient, buildServerVmImages, createHubNamespace, killQemu, makeExt4, netnsUnsupported, REPO, serverVmOracles, startServerVm, VM_BOOTGEN, type HubNamespace, type ServerVm } from '../boot/server-vm.js';

const ok = oraclesPresent(
  [...serverVmOracles(), ...['grub-mkimage', 'grub-editenv', 'mkfs.fat', 'mcopy', 'sfdisk'].map((name) => findOracle({ name, pkg: name.startsWith('grub') ? 'grub-common' : name === 'sfdisk' ? 'fdisk' : name === 'mcopy' ? 'mtools' : 'dosfstools' }))],
  'dm-snapshot overlays in a server VM',
) && netnsPresent();

/** The clients' hub lives in a network namespace the test makes: that needs root. */
function netnsPresent(): boolean {
  const why = netnsUnsupported();
  if (!why) return true;
  if (oraclesRequired) throw new Error(`required (BOOTGEN_REQUIRE_ORACLES=1): a private network namespace for the server VM's clients: ${why}`);
  process.stderr.write(`SKIP dm-snapshot overlays in a server VM: ${why}\n`);
  return false;
}

const BIN = join(REPO, 'bin/bootgen.js');
const SERVER = '10.0.0.1';
const M = {
  aoe1: { mac: '52:54:00:a0:00:01', ip: '10.0.0.11' },
  aoe2: { mac: '52:54:00:a0:00:02', ip: '10.0.0.12' },
  isc1: { mac: '52:54:00:b0:00:01', ip: '10.0.0.21' },
  isc2: { mac: '52:54:00:b0:00:02', ip: '10.0.0.22' },
} as const;
type Name = keyof typeof M;
const AOE_SHELF = 2;
const CHUNK = 8; // 4 KiB chunks

function siteYaml(site: string, o: { san: 'aoe' | 'iscsi'; machines: [string, string, 'play' | 'persist'][]; master: string; dir: string; shelf?: number }): string {
  return [
    'bootgen: 1', `site: ${site}`, 'epoch: 2026-01-01T00:00:00Z', 'menu: {title: dm lab, timeout: 0}',
    'images:', `  master: {path: images/${o.master}}`,
    'entries:',
    '  - {id: play, title: Play, disk: master, session: immutable}',
    '  - {id: persist, title: Keep, disk: master, session: persistent}',
    'machines:',
    ...o.machines.map(([name, mac, entry]) => `  - {name: ${name}, mac: "${mac}", entries: [${entry}], default: ${entry}}`),
    'network:', `  server: ${SERVER}`, `  http: http://${SERVER}/${site}`, `  san: ${o.san}`, ...(o.shelf !== undefined ? [`  aoe-shelf: ${o.shelf}`] : []), '  iface: eth0',
    '  dhcp: {mode: full, subnet: 10.0.0.0/24, range: [10.0.0.100, 10.0.0.200]}',
    `  overlays: {engine: dm-snapshot, dir: ${o.dir}, export: ${o.san === 'aoe' ? 'vblade' : 'tgt'}, chunk: ${CHUNK}}`,
    'media:', '  pxe: {}', '',
  ].join('\n');
}

interface StatusJson {
  overlays: { name: string; machine: string; generation?: number; exists: boolean; exported: boolean; inUse: boolean; usedBytes: number; capacityBytes: number; fill: number }[];
  diagnostics: { code: string; severity: string; message: string }[];
}

describe.skipIf(!ok)('dm-snapshot overlays served from a server VM (vblade + tgtd), clients sanboot them (live)', () => {
  const dir = ok ? mkdtempSync(join(tmpdir(), 'bootgen-dmvm-')) : '';
  const stage = join(dir, 'data');
  let hub: HubNamespace | undefined;
  let vm: ServerVm | undefined;
  const clients = new Set<ChildProcess>();
  const site = (name: string) => `/srv/sites/${name}/site.yaml`;
  const bootgen = (args: string, timeoutMs = 120_000) => vm!.sh(`${VM_BOOTGEN} ${args}`, timeoutMs);
  async function overlays(s: string, args: string) {
    const r = await bootgen(`overlays ${site(s)} ${args}`);
    process.stderr.write(`dm-snapshot VM: bootgen overlays ${s} ${args}: exit ${r.rc} in ${r.seconds.toFixed(1)} s\n`);
    return r;
  }
  async function status(s: string): Promise<StatusJson & { rc: number }> {
    const r = await overlays(s, 'status --json');
    try {
      return { ...(JSON.parse(r.out) as StatusJson), rc: r.rc };
    } catch {
      throw new Error(`status --json of ${s}: exit ${r.rc}: ${r.out}`);
    }
  }
  /** `dmsetup status` of one snapshot in the VM: [allocated, total, metadata] or 'Invalid' */
  async function snap(dmName: string): Promise<string> {
    return (await vm!.ok(`sync; dmsetup status ${dmName}`)).trim(); // vblade and tgtd write through the page cache
  }

  beforeAll(async () => {
    const images = buildServerVmImages(join(dir, 'vm'));
    // the master: a GRUB disk that remembers its first boot in grubenv (test/boot/san-disk.ts)
    mkdirSync(join(dir, 'work'));
    const raw = buildSanDisk({ dir: join(dir, 'work'), path: join(dir, 'work/master.raw') });
    const sites: [string, string][] = [];
    for (const [name, san, machines] of [
      ['aoelab', 'aoe', [['aoe1', M.aoe1.mac, 'play'], ['aoe2', M.aoe2.mac, 'persist']]],
      ['iscsilab', 'iscsi', [['isc1', M.isc1.mac, 'play'], ['isc2', M.isc2.mac, 'persist']]],
    ] as const) {
      mkdirSync(join(stage, 'sites', name, 'images'), { recursive: true });
      // a VHD master: init converts it to a raw generation 0 (dm-snapshot needs a raw origin)
      expect(run('qemu-img', ['convert', '-f', 'raw', '-O', 'vpc', raw, join(stage, 'sites', name, 'images/master.vhd')]).status).toBe(0);
      const yaml = siteYaml(name, { san, machines: machines.map((m) => [...m]), master: 'master.vhd', dir: `/srv/ov/${name}`, ...(san === 'aoe' ? { shelf: AOE_SHELF } : {}) });
      writeFileSync(join(stage, 'sites', name, 'site.yaml'), yaml);
      sites.push([name, join(stage, 'sites', name, 'site.yaml')]);
    }
    // the fill lab: a raw master (generation 0 is the site's own file), overlays on a small file system
    mkdirSync(join(stage, 'sites/filllab/images'), { recursive: true });
    copyFileSync(raw, join(stage, 'sites/filllab/images/master.raw'));
    writeFileSync(join(stage, 'sites/filllab/site.yaml'), siteYaml('filllab', { san: 'aoe', shelf: 7, master: 'master.raw', dir: '/srv/small/ov', machines: [['near', '52:54:00:c0:00:01', 'persist'], ['full', '52:54:00:c0:00:02', 'persist']] }));
    // each site's PXE tree (its per-machine iPXE scripts), served by httpd in the VM
    mkdirSync(join(stage, 'www'), { recursive: true });
    mkdirSync(join(dir, 'out')); // build -o wants the out dir's parent to exist
    for (const [name, yaml] of sites) {
      const built = run('node', [BIN, 'build', yaml, '-o', join(dir, 'out', name), '--only', 'configs,pxe']);
      expect(built.status, built.stderr).toBe(0);
      run('cp', ['-r', join(dir, 'out', name, 'pxe'), join(stage, 'www', name)]);
    }
    const data = makeExt4(join(dir, 'data.img'), 512, stage);
    const small = makeExt4(join(dir, 'small.img'), 48);
    hub = createHubNamespace(`bootgen-dmvm-${process.pid}`);
    vm = await startServerVm({ dir, images, data, extraDisks: [small], netdev: hub.netdev, prefix: hub.prefix, mac: '52:54:00:5e:00:01' });
    process.stderr.write(`dm-snapshot VM: server VM booted to its agent in ${vm.bootSeconds.toFixed(1)} s\n`);
    // the server's environment: its address on the hub, tgtd, httpd for the iPXE scripts, the small fs
    await vm.ok(
      [
        `ip link set eth0 up && ip addr add ${SERVER}/24 dev eth0`,
        'setsid tgtd -f >/run/tgtd.log 2>&1 &',
        'i=0; while [ ! -S /run/tgtd/socket.0 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; [ -S /run/tgtd/socket.0 ]',
        `setsid httpd -f -p ${SERVER}:80 -h /srv/www >/dev/null 2>&1 &`,
        'mkdir -p /srv/small && mount -t ext4 /dev/vdc /srv/small',
        'dmsetup version',
      ].join('\n'),
    );
  }, 240_000);

  afterAll(async () => {
    await Promise.all([...clients].map((c) => killQemu(c)));
    await vm?.stop();
    hub?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  it('init creates, attaches and exports every overlay; a second init does nothing', async () => {
    for (const s of ['aoelab', 'iscsilab', 'filllab']) {
      const plan = await overlays(s, 'init --dry-run');
      expect(plan.rc, plan.out).toBe(0);
      const r = await overlays(s, 'init');
      expect(r.rc, r.out).toBe(0);
      // what ran (the runner's "+ argv" lines) is the dry-run script, command by command, with the
      // captured loop devices in place of its ${loop_…}/${cow_…} variables
      const ran = r.out.split('\n').filter((l) => l.startsWith('+ ')).map((l) => l.slice(2));
      const planned = plan.out.split('\n').filter((l) => l && !l.startsWith('#') && l !== 'set -eu' && !l.startsWith('cat >') && !/^[{}]|^ {2}"|^BOOTGEN_EOF/.test(l))
        .map((l) => (/^\w+=\$\((.*)\)$/.exec(l)?.[1] ?? l).replace(/["']/g, ''));
      expect(ran.length, r.out).toBe(planned.length);
      planned.forEach((line, i) => {
        const pattern = new RegExp(`^${line.split(/\$\{\w+\}/).map((part) => part.replace(/[.*+?^$()|[\]\\{}]/g, '\\$&')).join('\\S+')}$`);
        expect(ran[i]).toMatch(pattern);
      });
      const again = await overlays(s, 'init');
      expect(again.rc, again.out).toBe(0);
      expect(again.out).toContain('0 steps run (everything already in place)');
    }
    const dm = await vm!.ok('dmsetup table');
    expect(dm).toMatch(new RegExp(`^bootgen-aoelab-aoe1-play: 0 \\d+ snapshot 7:\\d+ 7:\\d+ P ${CHUNK}$`, 'm'));
    expect(dm.split('\n').filter((l) => / snapshot /.test(l))).toHaveLength(6);
    expect(await vm!.ok('pidof vblade | wc -w')).toBe('4\n');
    const tgt = await vm!.ok('tgtadm --lld iscsi --op show --mode target');
    expect(tgt).toContain('Backing store path: /dev/mapper/bootgen-iscsilab-isc1-play');
    expect(tgt).toMatch(/ACL information:\s+iqn\.2026-01\.bootgen\.iscsilab\.initiator:isc1\n/);
    expect(tgt).not.toMatch(/ACL information:\s+ALL/);
  }, 240_000);

  it('status reports the real fill of every snapshot from dmsetup status', async () => {
    const st = await status('aoelab');
    expect(st.diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
    expect(st.overlays.map((o) => [o.name, o.exists, o.exported, o.generation])).toEqual([['aoe1-play', true, true, 0], ['aoe2-persist', true, true, 0]]);
    const line = await snap('bootgen-aoelab-aoe1-play');
    const [, used, total] = /snapshot (\d+)\/(\d+) (\d+)$/.exec(line) ?? [];
    expect(st.overlays[0]!.usedBytes).toBe(Number(used) * 512);
    expect(st.overlays[0]!.capacityBytes).toBe(Number(total) * 512);
    expect(Number(used)).toBe(2 * CHUNK); // a fresh persistent snapshot: header + first metadata chunk
  });

  it('an overlay filled near its limit warns; one whose store overflowed is invalid, never healthy', async () => {
    // near: 27 of 32 MiB rewritten (every chunk copied out); full: its store's file system runs out
    await vm!.ok('dd if=/dev/zero of=/dev/mapper/bootgen-filllab-near-persist bs=1M count=27 conv=fsync 2>&1', 120_000);
    const w = await vm!.sh('dd if=/dev/zero of=/dev/mapper/bootgen-filllab-full-persist bs=1M count=32 conv=fsync 2>&1', 120_000);
    expect(w.rc, w.out).not.toBe(0);
    expect(await snap('bootgen-filllab-full-persist')).toMatch(/ snapshot Invalid$/);
    const st = await status('filllab');
    expect(st.rc).toBe(1);
    const near = st.overlays.find((o) => o.machine === 'near')!;
    expect(near.fill).toBeGreaterThan(0.8);
    const codes = st.diagnostics.map((d) => `${d.code} ${d.severity} ${/overlay (\S+)/.exec(d.message)?.[1] ?? ''}`);
    expect(codes).toContain('net/overlay-filling warning near-persist');
    expect(codes).toContain('net/overlay-invalid error full-persist');
    expect(codes).not.toContain('net/overlay-filling warning full-persist');
  }, 240_000);

  /** Boots a client: ipxe.lkrn with a static address chains its machine's script from the server. */
  async function bootMachine(name: Name, siteName: string, options: { keep?: boolean; script?: string; timeoutMs?: number } = {}) {
    const { mac, ip } = M[name];
    const net = `set net0/ip ${ip} && set net0/netmask 255.255.255.0 && ifopen net0`;
    const script = `${net} && ${options.script ?? `chain http://${SERVER}/${siteName}/ipxe/machines/${mac.replaceAll(':', '-')}.ipxe`}`;
    const r = await bootClient({
      prefix: hub!.prefix, netdev: hub!.netdev, mac, script, timeoutMs: options.timeoutMs ?? 90_000,
      until: /SAN-MARK-(FIRST|SEEN)\r?\n|Could not open SAN device[^\n]*[\r\n]|Boot failed/, keep: options.keep === true, onStart: (c) => clients.add(c),
    });
    if (!options.keep) clients.delete(r.child);
    const mark = /SAN-MARK-(FIRST|SEEN)/.exec(r.serial)?.[1];
    const refused = /Could not open SAN device: ([^(\n]*)/.exec(r.serial)?.[1]?.trim();
    process.stderr.write(`dm-snapshot VM: client ${name} (${siteName}): ${mark ?? refused ?? `nothing: ${JSON.stringify(r.serial.slice(-600))}`} after ${r.seconds.toFixed(1)} s\n`);
    return { mark, refused, seconds: r.seconds, serial: r.serial, child: r.child };
  }

  const allocated = async (dmName: string) => Number(/snapshot (\d+)\//.exec(await snap(dmName))?.[1] ?? NaN);

  it('AoE: each client sanboots its own overlay; another MAC is refused; reset drops an immutable write, a persistent one survives', async () => {
    const before2 = await allocated('bootgen-aoelab-aoe2-persist');
    const b1 = await bootMachine('aoe1', 'aoelab');
    expect(b1.mark, b1.serial.slice(-600)).toBe('FIRST');
    expect(await allocated('bootgen-aoelab-aoe1-play')).toBeGreaterThan(2 * CHUNK); // grubenv landed in aoe1's snapshot
    expect(await allocated('bootgen-aoelab-aoe2-persist')).toBe(before2); // and not in aoe2's
    expect((await bootMachine('aoe1', 'aoelab')).mark).toBe('SEEN'); // no reset: the overlay keeps it
    // aoe1's MAC asking for aoe2's blade: vblade -m answers only aoe2's MAC
    const intruder = await bootMachine('aoe1', 'aoelab', { script: `sanboot aoe:e${AOE_SHELF}.1`, timeoutMs: 60_000 });
    expect(intruder.mark).toBeUndefined();
    expect(intruder.refused, intruder.serial.slice(-800)).toMatch(/Connection timed out/);
    // what the DHCP hook runs at every boot: reset the immutable overlays of that machine
    for (const n of ['aoe1', 'aoe2']) expect((await overlays('aoelab', `reset ${n} --immutable`)).rc).toBe(0);
    expect((await bootMachine('aoe1', 'aoelab')).mark).toBe('FIRST');
    expect((await bootMachine('aoe2', 'aoelab')).mark).toBe('FIRST');
    expect((await overlays('aoelab', 'reset aoe2 --immutable')).rc).toBe(0);
    expect((await bootMachine('aoe2', 'aoelab')).mark).toBe('SEEN');
  }, 300_000);

  it('iSCSI: each client logs in with its own initiator IQN; another IQN is refused; immutable reset vs persistent', async () => {
    const b1 = await bootMachine('isc1', 'iscsilab');
    expect(b1.mark, b1.serial.slice(-600)).toBe('FIRST');
    expect(await allocated('bootgen-iscsilab-isc1-play')).toBeGreaterThan(2 * CHUNK);
    expect(await allocated('bootgen-iscsilab-isc2-persist')).toBe(2 * CHUNK);
    // isc1's initiator asking for isc2's target: tgt's ACL admits only isc2's initiator
    const intruder = await bootMachine('isc1', 'iscsilab', {
      script: 'set initiator-iqn iqn.2026-01.bootgen.iscsilab.initiator:isc1 && sanboot iscsi:10.0.0.1:::1:iqn.2026-01.bootgen.iscsilab:isc2-persist',
      timeoutMs: 60_000,
    });
    expect(intruder.mark).toBeUndefined();
    expect(intruder.refused, intruder.serial.slice(-800)).toMatch(/No such device/);
    await endStaleSessions();
    expect((await overlays('iscsilab', 'reset isc1 --immutable')).rc).toBe(0);
    expect((await bootMachine('isc1', 'iscsilab')).mark).toBe('FIRST');
    expect((await bootMachine('isc2', 'iscsilab')).mark).toBe('FIRST');
    await endStaleSessions();
    expect((await overlays('iscsilab', 'reset isc2 --immutable')).rc).toBe(0);
    expect((await bootMachine('isc2', 'iscsilab')).mark).toBe('SEEN');
    await endStaleSessions();
  }, 300_000);

  /**
   * A client VM killed by the test never logs out, and tgtd keeps its I_T nexus until TCP
   * keepalive gives up (30 min): end those dead sessions as an administrator would.
   */
  async function endStaleSessions(): Promise<string> {
    // `I_T nexus: <sid>` under `Target <tid>:`; every iPXE session has the one connection 0
    return vm!.ok(
      `tgtadm --lld iscsi --op show --mode target | awk '/^Target [0-9]+:/ { t = $2 + 0 } /I_T nexus: [0-9]+/ { print t, $3 }' |
       while read -r tid sid; do echo "end $tid $sid"; tgtadm --lld iscsi --op delete --mode conn --tid "$tid" --sid "$sid" --cid 0; echo "rc $?"; done; sleep 1`,
    );
  }

  it('merge folds a persistent overlay into a new master generation; refused while a client runs from the old one', async () => {
    expect((await overlays('iscsilab', 'reset isc1 --immutable')).rc).toBe(0);
    const running = await bootMachine('isc1', 'iscsilab', { keep: true });
    expect(running.mark).toBe('FIRST');
    expect(await vm!.ok('tgtadm --lld iscsi --op show --mode target')).toMatch(/I_T nexus: \d+\n\s+Initiator: iqn\.2026-01\.bootgen\.iscsilab\.initiator:isc1 /);
    try {
      const refused = await overlays('iscsilab', 'merge isc2');
      expect(refused.rc).toBe(1);
      expect(refused.out).toMatch(/net\/merge-in-use|machines are running from master generation 0: isc1/);
    } finally {
      await killQemu(running.child);
      clients.delete(running.child);
    }
    const ended = await endStaleSessions();
    const after = await vm!.ok('tgtadm --lld iscsi --op show --mode target');
    expect(after, `${ended}\n${after}`).not.toMatch(/I_T nexus: \d/);
    const merged = await overlays('iscsilab', 'merge isc2');
    expect(merged.rc, merged.out).toBe(0);
    expect(await vm!.ok('ls /srv/ov/iscsilab/masters')).toBe('master.g0.raw\nmaster.g1.raw\n');
    const st = await status('iscsilab');
    expect(st.overlays.map((o) => [o.name, o.generation, o.exported])).toEqual([['isc1-play', 0, true], ['isc2-persist', 1, true]]);
    expect(st.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // generation 1 holds isc2's grubenv write: its fresh overlay boots as already seen
    expect((await bootMachine('isc2', 'iscsilab')).mark).toBe('SEEN');
    await endStaleSessions();
    // an immutable overlay moves to the newest generation at its next reset
    expect((await overlays('iscsilab', 'reset isc1')).rc).toBe(0);
    expect((await status('iscsilab')).overlays[0]?.generation).toBe(1);
    expect((await bootMachine('isc1', 'iscsilab')).mark).toBe('SEEN');
    await endStaleSessions();
  }, 300_000);

  it('destroy leaves no dm device, loop device or export behind; a second destroy does nothing', async () => {
    for (const s of ['aoelab', 'iscsilab']) {
      const r = await overlays(s, 'destroy');
      expect(r.rc, r.out).toBe(0);
    }
    // the fill lab's destroy as the script --dry-run prints, run verbatim (by bash: busybox's ash
    // would run its own losetup applet, not util-linux's); bootgen then finds nothing left to do
    const plan = await overlays('filllab', 'destroy --dry-run');
    expect(plan.out).toMatch(/^dmsetup remove --retry bootgen-filllab-full-persist$/m);
    const script = await vm!.sh(`cat > /tmp/destroy.sh <<'BOOTGEN_TEST_EOF'\n${plan.out}BOOTGEN_TEST_EOF\nbash -x /tmp/destroy.sh`);
    expect(script.rc, script.out).toBe(0);
    expect((await overlays('filllab', 'destroy')).out).toContain('0 steps run');
    expect(await vm!.ok('dmsetup ls')).toBe('No devices found\n');
    expect(await vm!.ok('losetup -a')).toBe('');
    expect(await vm!.ok('tgtadm --lld iscsi --op show --mode target')).toBe('');
    expect((await vm!.sh('pidof vblade')).rc).not.toBe(0);
    expect((await overlays('iscsilab', 'destroy')).out).toContain('0 steps run');
    expect(await vm!.ok('ls /srv/ov/aoelab /srv/ov/iscsilab /srv/small/ov')).not.toMatch(/\.cow|\.pid/);
  }, 120_000);
});
