// Network boot bench: (1) laying out the PXE tree (`build --only configs,pxe`) for 10 and 100
// machines — time and bytes — against grub-mknetdir (the native tool for a GRUB net tree);
// (2) `overlays init` with the qcow2 engine, LIVE (qemu-img + qemu-storage-daemon FUSE export +
// a private tgtd), for 10 and 100 overlays, against the bare `qemu-img create` floor. Growth ratios.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSite } from '../dist/app/build.js';
import { requireSite } from '../dist/app/site.js';
import { executePlan, overlayContext, planAction } from '../dist/app/overlays/index.js';
import { nodePorts } from '../dist/io/node-ports.js';

const ports = nodePorts();

const ms = (t0) => Number(process.hrtime.bigint() - t0) / 1e6;
const now = () => process.hrtime.bigint();

function siteYaml(n, dir, engine = 'qcow2') {
  const mac = (i) => `52:54:00:00:${((i + 1) >> 8).toString(16).padStart(2, '0')}:${((i + 1) & 255).toString(16).padStart(2, '0')}`;
  const machines = Array.from({ length: n }, (_, i) => `  - {name: m${String(i).padStart(3, '0')}, mac: "${mac(i)}", entries: [play, live], default: play}`);
  return ['bootgen: 1', `site: bench${n}`, 'epoch: 2026-01-01T00:00:00Z', 'menu: {title: Bench, timeout: 5, default: play}',
    'images:', '  master: {path: images/master.raw}', 'entries:',
    '  - {id: play, title: Play, disk: master, session: immutable}',
    '  - {id: live, title: Live, linux: {kernel: boot/vmlinuz, initrd: [boot/initrd.img], args: quiet}}',
    'machines:', ...machines, 'network:', '  server: 10.0.0.1', '  http: http://10.0.0.1/boot', '  san: iscsi',
    '  dhcp: {mode: full, subnet: 10.0.0.0/16, range: [10.0.1.0, 10.0.9.255]}',
    `  overlays: {engine: ${engine}, dir: ${join(dir, 'overlays')}, export: tgt}`, 'media:', '  pxe: {}', ''].join('\n');
}

function duBytes(dir) {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) total += e.isDirectory() ? duBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size;
  return total;
}

function makeSiteDir(n) {
  const dir = mkdtempSync(join(tmpdir(), `bootgen-netbench-${n}-`));
  mkdirSync(join(dir, 'images'));
  mkdirSync(join(dir, 'boot'));
  spawnSync('truncate', ['-s', '64M', join(dir, 'images/master.raw')]);
  writeFileSync(join(dir, 'boot/vmlinuz'), Buffer.alloc(8 * 1024 * 1024, 1));
  writeFileSync(join(dir, 'boot/initrd.img'), Buffer.alloc(2 * 1024 * 1024, 2));
  writeFileSync(join(dir, 'site.yaml'), siteYaml(n, dir));
  return dir;
}

async function pxeTree(n) {
  const dir = makeSiteDir(n);
  const t0 = now();
  const r = await buildSite({ file: join(dir, 'site.yaml'), out: join(dir, 'out'), only: ['configs', 'pxe'] }, ports);
  const t = ms(t0);
  const bytes = duBytes(join(dir, 'out/pxe'));
  rmSync(dir, { recursive: true, force: true });
  return { t, bytes, files: r.artifacts.length };
}

function mknetdir() {
  const dir = mkdtempSync(join(tmpdir(), 'bootgen-mknetdir-'));
  const t0 = now();
  const r = spawnSync('grub-mknetdir', [`--net-directory=${dir}`, '--subdir=grub', '-d', '/usr/lib/grub/i386-pc'], { encoding: 'utf8' });
  const t = ms(t0);
  const bytes = r.status === 0 ? duBytes(dir) : 0;
  rmSync(dir, { recursive: true, force: true });
  return { t, bytes, ok: r.status === 0 };
}

async function startTgtd(control, port) {
  const child = spawn('tgtd', ['-f', '-C', String(control), '--iscsi', `portal=127.0.0.1:${port}`], { stdio: 'ignore' });
  for (let i = 0; i < 50; i++) {
    await new Promise((r) => setTimeout(r, 100));
    if (spawnSync('tgtadm', ['-C', String(control), '--lld', 'iscsi', '--op', 'show', '--mode', 'target']).status === 0) return child;
  }
  child.kill('SIGKILL');
  throw new Error('tgtd did not start');
}

async function overlaysInit(n) {
  const dir = makeSiteDir(n);
  const tgtd = await startTgtd(74, 3274);
  try {
    const { site } = requireSite(join(dir, 'site.yaml'), ports);
    const t0 = now();
    const ctx = await overlayContext(site.site, ports, { tgtControl: 74, tidBase: 1001 });
    const plan = planAction(ctx, { kind: 'init' });
    const ran = executePlan(ctx, plan.value, ports);
    const t = ms(t0);
    // floor: the same number of bare `qemu-img create` runs
    const f0 = now();
    for (let i = 0; i < n; i++) spawnSync('qemu-img', ['create', '-q', '-f', 'qcow2', '-b', join(dir, 'images/master.raw'), '-F', 'raw', join(dir, `floor${i}.qcow2`)]);
    const floor = ms(f0);
    return { t, ran, floor, dir };
  } finally {
    // teardown outside the timing: SIGTERM every export daemon we started, then tgtd
    const ov = join(dir, 'overlays');
    const pids = existsSync(ov) ? readdirSync(ov).filter((f) => f.endsWith('.pid')).map((f) => Number(readFileSync(join(ov, f), 'utf8'))) : [];
    for (const pid of pids) try { process.kill(pid, 'SIGTERM'); } catch {}
    for (const pid of pids) for (let i = 0; i < 100; i++) { try { process.kill(pid, 0); } catch { break; } await new Promise((r) => setTimeout(r, 50)); }
    tgtd.kill('SIGKILL'); // tgtd ignores SIGTERM while targets exist; it is ours and holds nothing else
    await new Promise((r) => tgtd.once('exit', r));
    rmSync(dir, { recursive: true, force: true });
  }
}

const native = mknetdir();
const p10 = await pxeTree(10);
const p100 = await pxeTree(100);
console.log(`PXE tree  10 machines: ${p10.t.toFixed(0)} ms, ${(p10.bytes / 2 ** 20).toFixed(2)} MiB in pxe/ (${p10.files} artifacts)`);
console.log(`PXE tree 100 machines: ${p100.t.toFixed(0)} ms, ${(p100.bytes / 2 ** 20).toFixed(2)} MiB in pxe/ (${p100.files} artifacts)`);
console.log(`  growth 10→100: time ×${(p100.t / p10.t).toFixed(2)}, bytes ×${(p100.bytes / p10.bytes).toFixed(3)}`);
if (native.ok) console.log(`  native grub-mknetdir (BIOS GRUB net tree alone): ${native.t.toFixed(0)} ms, ${(native.bytes / 2 ** 20).toFixed(2)} MiB; bootgen 100-machine tree / mknetdir time ×${(p100.t / native.t).toFixed(2)}`);
const live = spawnSync('tgtd', ['-V']).status === 0 && existsSync('/dev/fuse');
if (!live) console.log('overlays init: SKIPPED (needs tgtd and /dev/fuse)');
else {
  const o10 = await overlaysInit(10);
  const o100 = await overlaysInit(100);
  console.log(`overlays init (qcow2 + FUSE export + tgt, live)  10 overlays: ${o10.t.toFixed(0)} ms, ${o10.ran} steps; floor (qemu-img create ×10): ${o10.floor.toFixed(0)} ms`);
  console.log(`overlays init (qcow2 + FUSE export + tgt, live) 100 overlays: ${o100.t.toFixed(0)} ms, ${o100.ran} steps; floor (qemu-img create ×100): ${o100.floor.toFixed(0)} ms`);
  console.log(`  growth 10→100: ×${(o100.t / o10.t).toFixed(2)} (linear = ×10); per overlay ${(o100.t / 100).toFixed(1)} ms, of which qemu-img create ${(o100.floor / 100).toFixed(1)} ms`);
}
