// dm-snapshot in a QEMU server VM (TCG, 1 vCPU; the harness is test/boot/server-vm.ts, bundled
// here with esbuild): (1) server VM boot to its command agent; (2) `bootgen overlays init`, run by
// bootgen inside the VM, for 10 and 100 dm-snapshot overlays exported by tgtd, against the same plan
// run as its --dry-run shell script (the commands alone) and the floor of the same number of bare
// `dmsetup create` calls (loop devices already attached); (3) client boot
// time, ipxe.lkrn → sanboot → the master's MBR marker on the serial console, over AoE (vblade) and
// over iSCSI (tgtd) from the VM. Needs root for the private network namespace of the clients.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..');
const work = mkdtempSync(join(tmpdir(), 'bootgen-dmvm-bench-'));

// the harness, as one module (import.meta.dirname pinned to its real directory)
const { build } = await import('esbuild');
await build({
  entryPoints: [join(repo, 'test/boot/server-vm.ts')], bundle: true, platform: 'node', format: 'esm', packages: 'external',
  outfile: join(work, 'server-vm.mjs'), define: { 'import.meta.dirname': JSON.stringify(join(repo, 'test/boot')) }, logLevel: 'error',
});
const vmLib = await import(pathToFileURL(join(work, 'server-vm.mjs')).href);

const missing = vmLib.serverVmOracles().filter((o) => !o.available);
if (missing.length) {
  console.log(`dm-snapshot server VM: SKIPPED (${missing.map((o) => o.reason).join('; ')})`);
  rmSync(work, { recursive: true, force: true });
  process.exit(0);
}

// 512-byte MBR: prints the text at 0x100 to COM1, then through INT 10h, and halts (server-vm.md §3)
const MBR_CODE = 'fa31c08ed88ed0bc007cfbbe007dac84c0741288c1bafd03eca82074fbbaf80388c8eeebe9be007dac84c07409b40ebb0700cd10ebf2faf4ebfc';
function master(path) {
  const b = Buffer.alloc(32 * 1024 * 1024); // a 4 MiB one failed iPXE's SAN boot here (I/O error)
  Buffer.from(MBR_CODE, 'hex').copy(b, 0);
  Buffer.from('\r\nBOOTGEN-MARKER: master gen1  \r\n\0', 'latin1').copy(b, 0x100);
  b[510] = 0x55;
  b[511] = 0xaa;
  writeFileSync(path, b);
}

const mac = (prefix, i) => `52:54:00:${prefix}:${((i + 1) >> 8).toString(16).padStart(2, '0')}:${((i + 1) & 255).toString(16).padStart(2, '0')}`;
function siteYaml(name, n, san) {
  const machines = Array.from({ length: n }, (_, i) => `  - {name: m${String(i).padStart(3, '0')}, mac: "${mac(san === 'aoe' ? 'a1' : 'b1', i)}", entries: [play], default: play}`);
  return ['bootgen: 1', `site: ${name}`, 'epoch: 2026-01-01T00:00:00Z', 'menu: {title: Bench, timeout: 0}', 'images:', '  master: {path: images/master.raw}',
    'entries:', '  - {id: play, title: Play, disk: master, session: immutable}', 'machines:', ...machines,
    'network:', '  server: 10.0.0.1', `  http: http://10.0.0.1/${name}`, `  san: ${san}`, '  aoe-shelf: 4', '  iface: eth0',
    '  dhcp: {mode: full, subnet: 10.0.0.0/24, range: [10.0.0.100, 10.0.0.200]}',
    `  overlays: {engine: dm-snapshot, dir: /srv/ov/${name}, export: ${san === 'aoe' ? 'vblade' : 'tgt'}, chunk: 8}`, 'media:', '  pxe: {}', ''].join('\n');
}

const stage = join(work, 'data');
for (const [name, n, san] of [['bench10', 10, 'iscsi'], ['bench100', 100, 'iscsi'], ['aoeboot', 1, 'aoe'], ['iscsiboot', 1, 'iscsi']]) {
  mkdirSync(join(stage, 'sites', name, 'images'), { recursive: true });
  master(join(stage, 'sites', name, 'images/master.raw'));
  writeFileSync(join(stage, 'sites', name, 'site.yaml'), siteYaml(name, n, san));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const t0 = Date.now();
const images = vmLib.buildServerVmImages(join(work, 'vm'));
const buildSeconds = (Date.now() - t0) / 1000;
const data = vmLib.makeExt4(join(work, 'data.img'), 512, stage);
const hub = vmLib.netnsUnsupported() === undefined ? vmLib.createHubNamespace(`bootgen-dmvm-bench-${process.pid}`, 1235) : undefined;
let vm;
try {
  vm = await vmLib.startServerVm({ dir: work, images, data, ...(hub ? { netdev: hub.netdev, prefix: hub.prefix } : {}) });
  console.log(`server VM: initramfs + tools disk built in ${buildSeconds.toFixed(1)} s; QEMU start → agent ready ${vm.bootSeconds.toFixed(1)} s`);
  await vm.ok(['ip link set eth0 up 2>/dev/null; ip addr add 10.0.0.1/24 dev eth0 2>/dev/null; true', 'setsid tgtd -f >/run/tgtd.log 2>&1 &',
    'i=0; while [ ! -S /run/tgtd/socket.0 ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done; [ -S /run/tgtd/socket.0 ]'].join('\n'));
  const bootgen = (args) => vm.sh(`${vmLib.VM_BOOTGEN} ${args}`, 600_000);
  const version = await bootgen('--version');
  console.log(`  bootgen --version in the VM (Node start + the bundled CLI): ${version.seconds.toFixed(2)} s`);
  const init = {};
  for (const [name, n] of [['bench10', 10], ['bench100', 100]].filter(([, n]) => (process.env.BOOTGEN_BENCH_DMVM_SIZES ?? '10,100').split(',').includes(String(n)))) {
    const site = `/srv/sites/${name}/site.yaml`;
    const plan = await bootgen(`overlays ${site} init --dry-run`);
    await vm.ok(`cat > /srv/${name}-plan.sh <<'EOF'\n${plan.out}EOF`);
    const r = await bootgen(`overlays ${site} init`);
    if (r.rc !== 0) throw new Error(`init ${name}: ${r.out}`);
    const steps = Number(/(\d+) steps? run/.exec(r.out)?.[1] ?? 0);
    let d = await bootgen(`overlays ${site} destroy`);
    if (d.rc !== 0) throw new Error(`destroy ${name}: ${d.out}`);
    // the same plan as a shell script (what --dry-run printed), run by bash: the commands alone
    const script = await vm.sh(`bash /srv/${name}-plan.sh`, 600_000);
    if (script.rc !== 0) throw new Error(`plan script ${name}: ${script.out}`);
    d = await bootgen(`overlays ${site} destroy`);
    if (d.rc !== 0) throw new Error(`destroy ${name}: ${d.out}`);
    // floor: the same number of bare dmsetup create calls over loops attached beforehand (untimed)
    const floor = await vm.ok(`set -e; M=/srv/sites/${name}/images/master.raw; L0=$(/usr/sbin/losetup --find --show --read-only $M); S=$(blockdev --getsz $L0)
      mkdir -p /srv/floor; i=0; while [ $i -lt ${n} ]; do truncate -s 8M /srv/floor/$i.cow; /usr/sbin/losetup --find --show /srv/floor/$i.cow > /srv/floor/$i.loop; i=$((i+1)); done
      a=$(cut -d' ' -f1 /proc/uptime); i=0; while [ $i -lt ${n} ]; do dmsetup create floor$i --table "0 $S snapshot $L0 $(cat /srv/floor/$i.loop) P 8"; i=$((i+1)); done; b=$(cut -d' ' -f1 /proc/uptime)
      echo "$a $b"; i=0; while [ $i -lt ${n} ]; do dmsetup remove floor$i; losetup -d $(cat /srv/floor/$i.loop); i=$((i+1)); done; losetup -d $L0; rm -rf /srv/floor`, 600_000);
    const [a, b] = floor.trim().split(' ').map(Number);
    init[n] = { t: r.seconds, steps, floor: b - a, script: script.seconds };
    console.log(`overlays init (dm-snapshot + tgt, in the VM) ${String(n).padStart(3)} overlays: ${r.seconds.toFixed(1)} s, ${steps} steps; its --dry-run script run by bash: ${script.seconds.toFixed(1)} s; floor (dmsetup create ×${n}): ${(b - a).toFixed(2)} s`);
  }
  if (init[10] && init[100]) console.log(`  growth 10→100: ×${(init[100].t / init[10].t).toFixed(2)} (linear = ×10); per overlay ${((init[100].t / 100) * 1000).toFixed(0)} ms (plan script ${((init[100].script / 100) * 1000).toFixed(0)} ms), of which dmsetup create ${((init[100].floor / 100) * 1000).toFixed(0)} ms`);
  if (!hub) console.log('client boots: SKIPPED (no network namespace here: needs root)');
  else {
    for (const [name, san] of [['aoeboot', 'aoe'], ['iscsiboot', 'iscsi']]) {
      const r = await bootgen(`overlays /srv/sites/${name}/site.yaml init`);
      if (r.rc !== 0) throw new Error(`init ${name}: ${r.out}`);
      const net = 'set net0/ip 10.0.0.31 && set net0/netmask 255.255.255.0 && ifopen net0';
      const target = san === 'aoe' ? 'sanboot aoe:e4.0' : `set initiator-iqn iqn.2026-01.bootgen.${name}.initiator:m000 && sanboot iscsi:10.0.0.1:::1:iqn.2026-01.bootgen.${name}:m000-play`;
      const times = [];
      for (let i = 0; i < 3; i++) {
        const c = await vmLib.bootClient({ prefix: hub.prefix, netdev: hub.netdev, mac: mac(san === 'aoe' ? 'a1' : 'b1', 0), script: `${net} && ${target}`, until: /BOOTGEN-MARKER: master gen1/, timeoutMs: 60_000 });
        if (!c.found) throw new Error(`${san} client: no marker: ${c.serial.slice(-3000)}`);
        times.push(c.seconds);
        if (san === 'iscsi') await vm.ok(`tgtadm --lld iscsi --op show --mode target | awk '/^Target [0-9]+:/ { t = $2 + 0 } /I_T nexus: [0-9]+/ { print t, $3 }' | while read -r t s; do tgtadm --lld iscsi --op delete --mode conn --tid $t --sid $s --cid 0; done`);
      }
      console.log(`client boot over ${san === 'aoe' ? 'AoE (vblade)' : 'iSCSI (tgtd)'}: QEMU start → marker, median of 3: ${median(times).toFixed(2)} s (${times.map((t) => t.toFixed(2)).join(', ')})`);
    }
  }
} finally {
  await vm?.stop();
  hub?.close();
  rmSync(work, { recursive: true, force: true });
}
