#!/usr/bin/env node
// Config compile at scale: a generated site of N machines × 10 entries (20 entry kinds in all),
// site.yaml text → Site → every config target (grub, vboot, ipxe, bcd, dnsmasq, dhcpd), in
// memory. Each size runs in its own process so its peak RSS is its own. Targets at 10k: ≤ 2 s,
// ≤ 300 MB, linear growth. For reference the same run times `dnsmasq --test` on the output.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SIZES = [1000, 10000];
const ENTRIES_PER_MACHINE = 10;

function siteYaml(machines) {
  const lines = ['bootgen: 1', 'site: benchsite', 'epoch: 2026-01-01T00:00:00Z', 'menu: {title: Bench, timeout: 5}', 'images:'];
  for (let i = 0; i < 4; i++) lines.push(`  base${i}: images/base${i}.vhd`, `  child${i}: {path: images/child${i}.vhd, parent: base${i}}`);
  lines.push('  live: isos/live.iso', 'entries:');
  for (let e = 0; e < 20; e++) {
    const kind = e % 5;
    if (kind === 0) lines.push(`  - {id: e${e}, title: "Play ${e}", disk: child${e % 4}, session: immutable}`);
    else if (kind === 1) lines.push(`  - {id: e${e}, title: "Keep ${e}", disk: child${e % 4}, session: persistent, windows: {}}`);
    else if (kind === 2) lines.push(`  - {id: e${e}, title: "Live ${e}", linux: {from: live, kernel: /casper/vmlinuz, initrd: [/casper/initrd], args: "boot=casper quiet"}}`);
    else if (kind === 3) lines.push(`  - {id: e${e}, title: "Shell ${e}", grub: "echo shell", ipxe: shell}`);
    else lines.push(`  - {id: e${e}, title: "CD ${e}", cdrom: live}`);
  }
  lines.push('machines:');
  for (let m = 0; m < machines; m++) {
    const entries = Array.from({ length: ENTRIES_PER_MACHINE }, (_, k) => `e${(m + k) % 20}`);
    const mac = `52:54:${[m >> 24, m >> 16, m >> 8, m].map((b) => (b & 255).toString(16).padStart(2, '0')).join(':')}`;
    lines.push(`  - {name: m${m}, mac: "${mac}", entries: [${entries.join(', ')}], default: ${entries[0]}}`);
  }
  lines.push('network:', '  server: 10.0.0.1', '  san: iscsi', '  dhcp: {mode: full, subnet: 10.0.0.0/8, range: [10.1.0.1, 10.1.255.254]}');
  return `${lines.join('\n')}\n`;
}

/** Wall and CPU milliseconds of fn (CPU time shows how much of the wall time was contention). */
function timed(fn) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const value = fn();
  const cpu = process.cpuUsage(c0);
  return { value, ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
}

async function measure(machines) {
  const { compileManifest } = await import('../dist/app/site.js');
  const { planConfigs } = await import('../dist/app/configs.js');
  const { nodePorts } = await import('../dist/io/node-ports.js');
  const ports = nodePorts();
  const { TARGET_KINDS } = await import('../dist/targets/index.js');
  const text = siteYaml(machines);
  globalThis.gc?.();
  const parse = timed(() => compileManifest(text, { file: 'site.yaml', dir: '/bench' }));
  const compiled = parse.value.value;
  if (!compiled) throw new Error(`bench site does not compile: ${JSON.stringify(parse.value.diagnostics.slice(0, 3))}`);
  const perTarget = {};
  const artifacts = [];
  for (const kind of TARGET_KINDS) {
    const t = timed(() => planConfigs(compiled.site, ports, { only: [kind] }).value);
    perTarget[kind] = Math.round(t.ms);
    artifacts.push(...t.value);
    perTarget[`${kind}Cpu`] = Math.round(t.cpuMs);
  }
  const targetsMs = TARGET_KINDS.reduce((n, k) => n + perTarget[k], 0);
  const targetsCpuMs = TARGET_KINDS.reduce((n, k) => n + perTarget[`${k}Cpu`], 0);
  const bytes = artifacts.reduce((n, a) => n + (typeof a.content === 'string' ? Buffer.byteLength(a.content) : a.content.byteLength), 0);
  return {
    machines,
    parseMs: parse.ms,
    parseCpuMs: parse.cpuMs,
    targetsMs,
    targetsCpuMs,
    perTarget,
    totalMs: parse.ms + targetsMs,
    totalCpuMs: parse.cpuMs + targetsCpuMs,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    artifacts: artifacts.length,
    mb: bytes / 2 ** 20,
    dnsmasqTestMs: nativeCheck(artifacts.find((a) => a.kind === 'dnsmasq')),
  };
}

/** Reference point measured in the same run: dnsmasq's own parse of the generated config. */
function nativeCheck(dnsmasq) {
  if (!dnsmasq) return null;
  const dir = mkdtempSync(join(tmpdir(), 'bootgen-bench-'));
  try {
    writeFileSync(join(dir, 'dnsmasq.conf'), dnsmasq.content);
    const t0 = performance.now();
    const r = spawnSync('dnsmasq', ['--test', '-C', join(dir, 'dnsmasq.conf')], { encoding: 'utf8' });
    return r.status === 0 ? performance.now() - t0 : null;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const sizeArg = process.argv.indexOf('--size');
if (sizeArg > 0) {
  process.stdout.write(`${JSON.stringify(await measure(Number(process.argv[sizeArg + 1])))}\n`);
} else {
  const self = fileURLToPath(import.meta.url);
  const results = SIZES.map((n) => {
    const r = spawnSync(process.execPath, ['--expose-gc', self, '--size', String(n)], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (r.status !== 0) throw new Error(`size ${n} failed: ${r.stderr}`);
    return JSON.parse(r.stdout);
  });
  for (const r of results) {
    const per = Object.entries(r.perTarget).filter(([k]) => !k.endsWith('Cpu')).map(([k, v]) => `${k} ${v}`).join(', ');
    process.stdout.write(
      `${String(r.machines).padStart(6)} machines × ${ENTRIES_PER_MACHINE} entries: ${r.totalMs.toFixed(0)} ms wall / ${r.totalCpuMs.toFixed(0)} ms CPU, ` +
        `peak RSS ${r.peakRssMb.toFixed(0)} MB, ${r.artifacts} files / ${r.mb.toFixed(1)} MiB\n` +
        `        yaml→Site ${r.parseMs.toFixed(0)} ms (CPU ${r.parseCpuMs.toFixed(0)}); targets ${r.targetsMs.toFixed(0)} ms (CPU ${r.targetsCpuMs.toFixed(0)}): ${per}\n` +
        `${r.dnsmasqTestMs === null ? '' : `        reference: dnsmasq --test on the generated config ${r.dnsmasqTestMs.toFixed(0)} ms\n`}`,
    );
  }
  const [small, big] = results;
  const ratio = big.totalMs / small.totalMs;
  const cpuRatio = big.totalCpuMs / small.totalCpuMs;
  process.stdout.write(`1k → 10k ratio: wall ${ratio.toFixed(1)}, CPU ${cpuRatio.toFixed(1)} (linear = 10)\n`);
  const ok = big.totalMs <= 2000 && big.peakRssMb <= 300 && ratio <= 15;
  process.stdout.write(`targets (10k ≤ 2000 ms wall, ≤ 300 MB, ratio ≤ 15): ${ok ? 'met' : 'NOT met'} (load average ${loadavg()[0].toFixed(1)} on ${availableParallelism()} cores)\n`);
  process.exitCode = ok ? 0 : 1;
}
