// Media bench: a 100 MiB tree of 200 files → a 1 GiB USB image vs `mkfs.fat -C` + `mcopy -s`, and
// the hybrid ISO vs `xorriso -as mkisofs -R -J`, same run; ratios, peak RSS, bytes written vs
// apparent size; then a 4 GiB (sparse) payload in a child process to show memory stays flat.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, openSync, closeSync, fsyncSync, ftruncateSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loaderStatuses, loadLoaderSet } from '../dist/app/loaders.js';
import { nodePorts } from '../dist/io/node-ports.js';
import { writeSparseFile } from '../dist/io/sparse-file.js';
import { planIsoImage } from '../dist/media/iso-image.js';
import { loaderNeeds } from '../dist/media/loader-needs.js';
import { planUsbImage } from '../dist/media/usb-image.js';
import { median, timeIt } from './timing.js';

const ports = nodePorts();
/** The site's loaders, found and built as `bootgen build` does (app/loaders.ts). */
function loadersOf(site) {
  const needs = loaderNeeds(site.media, site.name);
  return loadLoaderSet(needs, loaderStatuses(needs, site, ports), ports).value;
}
/** Writes a planned medium sparse (io/sparse-file.ts), hashing it when asked. */
function writeMedia(layout, path, options = {}) {
  const r = writeSparseFile(path, layout.sizeBytes, layout.extents, { sha256: options.sha256 ?? true });
  return { kind: layout.kind, path, bytes: r.sizeBytes, bytesWritten: r.bytesWritten, sha256: r.sha256 ?? '' };
}

const MIB = 1 << 20;
const RUNS = 5;
const epoch = Date.UTC(2026, 0, 1) / 1000;
const origin = { file: 'bench' };

function site(name, usbBytes) {
  return {
    version: 1, name, file: 'bench', dir: '.', epoch, menu: { title: 'bench', timeout: 0, default: undefined, serial: undefined },
    images: [], entries: [], machines: [], network: undefined, origin,
    media: {
      usb: { sizeBytes: usbBytes, table: 'gpt', firmware: ['bios', 'uefi'], secureBoot: true, label: 'BOOTGEN', dialect: 'grub', origin },
      iso: { label: 'BOOTGEN', firmware: ['bios', 'uefi'], origin },
      pxe: undefined,
    },
    loaders: { vboot: undefined, windows: undefined, files: {} },
  };
}

/** 200 random files, ~100 MiB, lognormal-ish sizes, 8 dirs, a third with long mixed-case names. */
function makeTree(dir) {
  const files = [];
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const raw = Array.from({ length: 200 }, () => Math.exp(9.2 + rnd() * 7.2));
  const scale = (100 * MIB) / raw.reduce((a, b) => a + b, 0);
  raw.forEach((r, i) => {
    const size = Math.max(1, Math.floor(r * scale));
    const name = i % 3 === 0 ? `Some Long Mixed-Case File Name ${i}.Data` : `f${i}.bin`;
    const rel = `dir${i % 8}/${name}`;
    mkdirSync(join(dir, `dir${i % 8}`), { recursive: true });
    writeFileSync(join(dir, rel), randomBytes(size));
    files.push({ path: `/payload/${rel}`, size, source: { kind: 'file', path: join(dir, rel) } });
  });
  return files;
}

/** Runs a shell pipeline under /usr/bin/time; returns wall ms (median) and max RSS (KiB). */
function native(script) {
  const times = [];
  let rss = 0;
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    const r = spawnSync('/usr/bin/time', ['-f', '%M', 'sh', '-c', script], { encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== 0) throw new Error(`${script}: ${r.stderr}`);
    rss = Math.max(rss, Number(r.stderr.trim().split('\n').pop()));
  }
  return { ms: median(times), rssKiB: rss };
}

const onDisk = (p) => statSync(p).blocks * 512;
const fmt = (n) => `${(n / MIB).toFixed(1)} MiB`;

function main() {
  const work = mkdtempSync(join(tmpdir(), 'bootgen-bench-media-'));
  try {
    const tree = join(work, 'tree');
    // the tree is generated in a child so this process's peak RSS is the writers' alone
    const made = spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--tree', tree], { encoding: 'utf8', maxBuffer: 1 << 24 });
    if (made.status !== 0) throw new Error(made.stderr);
    const files = JSON.parse(made.stdout);
    const payload = files.reduce((n, f) => n + f.size, 0);
    console.log(`tree: ${files.length} files, ${payload} bytes`);
    const s = site('bench', 1 << 30);
    let t = process.hrtime.bigint();
    const loaders = loadersOf(s);
    console.log(`loaders (incl. grub-mkimage): ${(Number(process.hrtime.bigint() - t) / 1e6).toFixed(0)} ms (once per build)`);
    const content = { grubCfg: new TextEncoder().encode('echo bench\n'), files };

    const usbPath = join(work, 'usb.img');
    // the native tools hash nothing: compare the write alone, and report the SHA-256 pass apart
    const oursUsb = timeIt(() => writeMedia(planUsbImage(s, content, loaders).value, usbPath, { sha256: false }));
    const hashedUsb = timeIt(() => writeMedia(planUsbImage(s, content, loaders).value, usbPath));
    const mk = join(work, 'mk.img');
    const theirsUsb = native(`rm -f ${mk}; mkfs.fat -C -n BOOTGEN ${mk} 1048576 >/dev/null && mcopy -s -i ${mk} ${tree}/* ::/`);
    console.log(`USB 1 GiB: bootgen ${oursUsb.toFixed(0)} ms (GPT + ESP + loaders + payload) vs mkfs.fat -C + mcopy -s ${theirsUsb.ms.toFixed(0)} ms (FAT only) → ratio ${(oursUsb / theirsUsb.ms).toFixed(2)}`);
    console.log(`  with the SHA-256 of the whole 1 GiB image (build --json): ${hashedUsb.toFixed(0)} ms`);
    console.log(`  bytes on disk: bootgen ${fmt(onDisk(usbPath))} of ${fmt(statSync(usbPath).size)} apparent; mkfs+mcopy ${fmt(onDisk(mk))}; payload ${fmt(payload)}`);

    const isoPath = join(work, 'out.iso');
    const oursIso = timeIt(() => writeMedia(planIsoImage(s, content, loaders).value, isoPath, { sha256: false }));
    const xo = join(work, 'xo.iso');
    const theirsIso = native(`rm -f ${xo}; xorriso -as mkisofs -quiet -R -J -V BOOTGEN -o ${xo} ${tree}`);
    console.log(`ISO: bootgen ${oursIso.toFixed(0)} ms (RR + El Torito BIOS/UEFI + isohybrid) vs xorriso -as mkisofs -R -J ${theirsIso.ms.toFixed(0)} ms → ratio ${(oursIso / theirsIso.ms).toFixed(2)}`);
    console.log(`  bytes on disk: bootgen ${fmt(onDisk(isoPath))} of ${fmt(statSync(isoPath).size)}; xorriso ${fmt(onDisk(xo))}`);
    const rss = process.resourceUsage().maxRSS / 1024;
    console.log(`peak RSS: bootgen ${rss.toFixed(0)} MB (this node process: loaders, both media, 5 runs each); mkfs+mcopy ${(theirsUsb.rssKiB / 1024).toFixed(1)} MB; xorriso ${(theirsIso.rssKiB / 1024).toFixed(1)} MB`);
    const big = spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--big', work], { encoding: 'utf8' });
    process.stdout.write(big.stdout);
    if (big.status !== 0) throw new Error(big.stderr);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Child process: 4 GiB of sparse payload (4 × 1 GiB − 1) on a 6 GiB stick and in the ISO. */
function big(work) {
  const files = [];
  for (let i = 0; i < 4; i++) {
    const p = join(work, `big${i}.bin`);
    const fd = openSync(p, 'w');
    ftruncateSync(fd, 2 ** 30 - 1);
    writeSync(fd, Buffer.from(`payload ${i}`), 0, 9, 12345);
    fsyncSync(fd); // a fresh sparse file's first read is slow on some file systems until written back
    closeSync(fd);
    files.push({ path: `/images/big${i}.bin`, size: 2 ** 30 - 1, source: { kind: 'file', path: p } });
  }
  const s = site('big', 6 * 2 ** 30);
  const loaders = loadersOf(s);
  const content = { grubCfg: new TextEncoder().encode('echo big\n'), files };
  let t = process.hrtime.bigint();
  const usb = writeMedia(planUsbImage(s, content, loaders).value, join(work, 'big.img'), { sha256: false });
  const usbMs = Number(process.hrtime.bigint() - t) / 1e6;
  t = process.hrtime.bigint();
  const iso = writeMedia(planIsoImage(s, content, loaders).value, join(work, 'big.iso'), { sha256: false });
  const isoMs = Number(process.hrtime.bigint() - t) / 1e6;
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(`4 GiB sparse payload: USB ${fmt(usb.bytes)} in ${usbMs.toFixed(0)} ms, ${fmt(onDisk(usb.path))} on disk; ISO ${fmt(iso.bytes)} in ${isoMs.toFixed(0)} ms, ${fmt(onDisk(iso.path))} on disk; peak RSS ${rss.toFixed(0)} MB (limit 100)`);
  if (rss > 100) process.exitCode = 1;
}

if (process.argv[2] === '--big') big(process.argv[3]);
else if (process.argv[2] === '--tree') process.stdout.write(JSON.stringify(makeTree(process.argv[3])));
else main();
