// `bootgen serve` with SAN boot, live in a private network namespace (10.80.0.0/24 only): one site,
// one machine over AoE (machines[].san: aoe, vblade -m its MAC) and one over iSCSI (tgtd, its target
// bound to its initiator IQN), each from its own qcow2 overlay; real dnsmasq leases, iPXE sanboots,
// GRUB inside writes grubenv. On the next boot dnsmasq's lease event runs the generated hook, which
// resets the immutable machine's overlay (its write is gone) and leaves the persistent one's (its
// write survives). Each machine asking for the other's disk is refused. A killed tgtd is restarted
// and its targets re-added. SIGTERM in the middle of a boot takes every export, FUSE view and
// process down, deletes the immutable overlay and keeps the persistent one.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOracle, oraclesPresent, run } from '../helpers/oracle.js';
import { startServe, type ServeRun } from './serve-run.js';
import { runQemu } from './netboot-helpers.js';
import { buildSanDisk } from './san-disk.js';
import { bootClient, IPXE_LKRN } from './server-vm.js';

const ok = oraclesPresent(
  ['qemu-system-x86_64', 'qemu-img', 'qemu-storage-daemon', 'tgtd', 'tgtadm', 'vblade', 'dnsmasq', 'grub-mkimage', 'grub-editenv', 'mkfs.fat', 'mcopy', 'sfdisk', 'start-stop-daemon', 'nsenter', 'ip']
    .map((name) => findOracle({ name, pkg: 'see scripts/install-deps.sh' }))
    .concat([findOracle({ name: '/usr/lib/ipxe/qemu/pxe-e1000.rom', pkg: 'ipxe-qemu' }), findOracle({ name: IPXE_LKRN, pkg: 'ipxe' }), findOracle({ name: '/dev/fuse', pkg: 'kernel FUSE' })]),
  'bootgen serve with SAN boot',
);

const NS = `bootgen-san-serve-${process.pid}`;
const enter = ['nsenter', `--net=/run/netns/${NS}`];
const MACS = { play: '52:54:00:80:00:01', keep: '52:54:00:80:00:02' } as const;
const sha = (p: string): string => createHash('sha256').update(readFileSync(p)).digest('hex');

function siteYaml(): string {
  return [
    'bootgen: 1', 'site: sanserve', 'epoch: 2026-01-01T00:00:00Z', 'menu: {title: SAN serve, timeout: 0}',
    'images:', '  master: {path: images/master.vhd}',
    'entries:', '  - {id: play, title: Play, disk: master, session: immutable}', '  - {id: keep, title: Keep, disk: master, session: persistent}',
    'machines:',
    `  - {name: player, mac: "${MACS.play}", entries: [play], default: play, san: aoe}`,
    `  - {name: keeper, mac: "${MACS.keep}", entries: [keep], default: keep}`,
    'network:', '  server: 10.80.0.1', '  http: http://10.80.0.1:8080/boot', '  san: iscsi', '  iface: br0',
    '  dhcp: {mode: full, subnet: 10.80.0.0/24, range: [10.80.0.100, 10.80.0.150]}', '  overlays: {engine: qcow2, export: tgt}', '',
  ].join('\n');
}

describe.skipIf(!ok)('bootgen serve: SAN boot of each machine\'s own overlay, immutable and persistent (live)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootgen-serve-san-'));
  const state = join(dir, 'state');
  const master = join(dir, 'site/images/master.vhd');
  let serve: ServeRun | undefined;
  let masterSha = '';
  const events = (): Record<string, string>[] => serve?.events() ?? [];
  const until = (what: string, test: () => boolean, ms?: number): Promise<void> => serve!.until(what, test, ms);
  const ns = (...argv: string[]) => run(enter[0]!, [...enter.slice(1), ...argv]);

  beforeAll(async () => {
    chmodSync(dir, 0o755);
    mkdirSync(join(dir, 'site/images'), { recursive: true });
    mkdirSync(join(dir, 'work'));
    buildSanDisk({ dir: join(dir, 'work'), path: join(dir, 'work/disk.raw') });
    expect(run('qemu-img', ['convert', '-f', 'raw', '-O', 'vpc', join(dir, 'work/disk.raw'), master]).status).toBe(0);
    masterSha = sha(master);
    writeFileSync(join(dir, 'site/site.yaml'), siteYaml());
    expect(run('ip', ['netns', 'add', NS]).status).toBe(0);
    for (const argv of [
      ['ip', 'link', 'set', 'lo', 'up'], ['ip', 'link', 'add', 'br0', 'type', 'bridge'], ['ip', 'addr', 'add', '10.80.0.1/24', 'dev', 'br0'], ['ip', 'link', 'set', 'br0', 'up'],
      ['ip', 'tuntap', 'add', 'dev', 'tap0', 'mode', 'tap'], ['ip', 'link', 'set', 'tap0', 'master', 'br0'], ['ip', 'link', 'set', 'tap0', 'up'],
    ]) expect(ns(...argv).status, argv.join(' ')).toBe(0);
    serve = startServe({ enter, site: join(dir, 'site/site.yaml'), state, tgtControl: 80 });
    await until('serving', () => events().some((e) => e.kind === 'serve' && /^serving/.test(e.detail ?? '')), 90_000);
    // the overlays come up through the reconciler once tgtd is ready
    await until('overlays exported', () => existsSync(join(state, 'overlays/player-play.qcow2')) && existsSync(join(state, 'overlays/keeper-keep.qcow2')), 60_000);
  }, 180_000);

  afterAll(async () => {
    // a failed test must still leave nothing: stop serve, kill what a SIGKILLed one would leave
    await serve?.stop({ leftovers: ['tgtd -f -C 80 '] });
    run('ip', ['netns', 'del', NS]);
    if (process.env.BOOTGEN_KEEP_STATE) run('cp', ['-r', join(state, 'logs'), process.env.BOOTGEN_KEEP_STATE]);
    if (process.env.BOOTGEN_KEEP_STATE) writeFileSync(join(process.env.BOOTGEN_KEEP_STATE, 'serve.out'), serve?.output() ?? '');
    rmSync(dir, { recursive: true, force: true });
  }, 60_000);

  async function boot(mac: string): Promise<string> {
    const r = await runQemu({ prefix: enter, args: ['-netdev', 'tap,id=n0,ifname=tap0,script=no,downscript=no', '-device', `e1000,netdev=n0,mac=${mac},bootindex=1`], timeoutMs: 150_000, until: /SAN-MARK-\w+\r?\n/ });
    return /SAN-MARK-(\w+)\r?\n/.exec(r.serial)?.[1] ?? `no marker (timed out: ${r.timedOut}): ${JSON.stringify(r.serial.slice(-400))}`;
  }
  /** The hook resets a machine at most once a minute (one boot makes several lease events); a test's reboot comes sooner. */
  const nextBoot = (machine: string): void => rmSync(join(state, `overlays/.reset-stamps/${machine}`), { force: true });

  it('immutable, over AoE: the first boot writes grubenv; at the next boot dnsmasq\'s lease event resets the overlay and the write is gone', async () => {
    expect(run('pgrep', ['-af', `vblade.* -m ${MACS.play} 0 0 br0 `]).stdout).toContain(join(state, 'overlays/player-play.raw'));
    expect(await boot(MACS.play)).toBe('FIRST');
    expect(events()).toContainEqual(expect.objectContaining({ kind: 'lease', machine: 'player', ip: '10.80.0.2' }));
    nextBoot('player');
    expect(await boot(MACS.play)).toBe('FIRST');
    await until('reset event', () => events().some((e) => e.kind === 'reset' && e.machine === 'player'), 15_000);
    expect(sha(master)).toBe(masterSha);
  }, 400_000);

  it('persistent, over iSCSI: the lease events leave the overlay alone and the write survives the reboot', async () => {
    expect(await boot(MACS.keep)).toBe('FIRST');
    nextBoot('keeper');
    expect(await boot(MACS.keep)).toBe('SEEN');
    expect(sha(master)).toBe(masterSha);
    expect(events()).toContainEqual(expect.objectContaining({ kind: 'san-login', machine: 'keeper' }));
  }, 400_000);

  /** A client running a hand-written iPXE script (ipxe.lkrn): what a machine trying another's disk would do. */
  async function intrude(mac: string, script: string): Promise<string> {
    const r = await bootClient({
      prefix: enter, netdev: 'tap,id=n0,ifname=tap0,script=no,downscript=no', mac, script: `dhcp && ${script}`, timeoutMs: 120_000,
      until: /SAN-MARK-\w+\r?\n|Could not open SAN device[^\n]*\n|Boot failed/,
    });
    return /SAN-MARK-\w+/.exec(r.serial)?.[0] ?? /Could not open SAN device: ([^(\n]*)/.exec(r.serial)?.[1]?.trim() ?? `nothing: ${JSON.stringify(r.serial.slice(-600))}`;
  }

  it('access control: the AoE machine asking for the iSCSI machine\'s target is refused, and the iSCSI machine asking for the AoE blade gets no answer', async () => {
    const iqn = (m: string) => `iqn.2026-01.bootgen.sanserve${m}`;
    // player's initiator IQN, keeper's target: tgt admits only keeper's initiator
    expect(await intrude(MACS.play, `set initiator-iqn ${iqn('.initiator:player')} && sanboot iscsi:10.80.0.1:::1:${iqn(':keeper-keep')}`)).toMatch(/No such device/);
    // keeper's MAC, player's blade (shelf 0 slot 0): vblade -m answers only player's MAC
    expect(await intrude(MACS.keep, 'sanboot aoe:e0.0')).toMatch(/Connection timed out/);
    // the same client with the owner's credentials gets in: the refusals above are the ACLs, not the client
    expect(await intrude(MACS.keep, `set initiator-iqn ${iqn('.initiator:keeper')} && sanboot iscsi:10.80.0.1:::1:${iqn(':keeper-keep')}`)).toBe('SAN-MARK-SEEN');
  }, 400_000);

  it('a killed tgtd comes back, its targets are re-added by the reconciler, and the machine boots its overlay again', async () => {
    const pid = Number(run('pgrep', ['-f', 'tgtd -f -C 80 ']).stdout.trim().split('\n')[0]);
    expect(pid).toBeGreaterThan(0);
    const readyBefore = events().filter((e) => /^tgtd ready/.test(e.detail ?? '')).length;
    process.kill(pid, 'SIGKILL');
    await until('tgtd ready again', () => events().filter((e) => /^tgtd ready/.test(e.detail ?? '')).length > readyBefore, 30_000);
    await until('targets re-added', () => ns('tgtadm', '-C', '80', '--lld', 'iscsi', '--op', 'show', '--mode', 'target').stdout.includes('keeper-keep'), 30_000);
    nextBoot('keeper');
    expect(await boot(MACS.keep)).toBe('SEEN');
  }, 200_000);

  it('SIGTERM in the middle of a boot: no process, export, mount, loop or FUSE device is left; the immutable overlay is deleted, the persistent one kept', async () => {
    nextBoot('keeper');
    const logins = events().filter((e) => e.kind === 'san-login' && e.machine === 'keeper').length;
    const booting = runQemu({ prefix: enter, args: ['-netdev', 'tap,id=n0,ifname=tap0,script=no,downscript=no', '-device', `e1000,netdev=n0,mac=${MACS.keep},bootindex=1`], timeoutMs: 150_000 });
    try {
      // the machine holds an iSCSI session to its target when serve is told to stop
      await until('keeper logged in', () => events().filter((e) => e.kind === 'san-login' && e.machine === 'keeper').length > logins, 120_000);
      const exited = new Promise<number | null>((r) => serve!.child.once('exit', (code) => r(code)));
      serve!.child.kill('SIGTERM');
      expect(await exited).toBe(0);
    } finally {
      run('pkill', ['-KILL', '-f', `mac=${MACS.keep}`]);
      await booting;
    }
    expect(run('pgrep', ['-af', 'tgtd -f -C 80 ']).stdout.trim()).toBe('');
    expect(run('pgrep', ['-af', 'vblade']).stdout).not.toContain(state);
    expect(run('pgrep', ['-af', state]).stdout.trim()).toBe('');
    expect(ns('tgtadm', '-C', '80', '--lld', 'iscsi', '--op', 'show', '--mode', 'target').status).not.toBe(0); // no tgtd answers there
    expect(readFileSync('/proc/self/mounts', 'utf8')).not.toContain(state);
    expect(run('losetup', ['--list', '--noheadings', '--output', 'BACK-FILE']).stdout).not.toContain(state);
    expect(existsSync(join(state, 'overlays/player-play.qcow2'))).toBe(false);
    expect(existsSync(join(state, 'overlays/keeper-keep.qcow2'))).toBe(true);
    expect(sha(master)).toBe(masterSha);
  }, 200_000);
});
