// Data partition bench: the 100 MiB / 200-file tree as an NTFS and an exFAT volume written by
// bootgen, against `mkntfs -Q -F` + copying through ntfs-3g and `mkfs.exfat` + copying through
// exfat-fuse, same run, same files; then one 8 GiB sparse VHD on a stick's NTFS data partition in
// a child process: time, bytes on disk, peak RSS (≤ 100 MB).
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSite } from '../dist/app/build.js';
import { buildExfatVolume } from '../dist/formats/exfat/volume.js';
import { buildNtfsVolume } from '../dist/formats/ntfs/volume.js';
import { nodePorts } from '../dist/io/node-ports.js';
import { writeSparseFile } from '../dist/io/sparse-file.js';
import { median, timeIt } from './timing.js';

const MIB = 1 << 20;
const RUNS = 5;
const VOLUME = 256 * MIB;
const epoch = Date.UTC(2026, 0, 1) / 1000;

function makeTree(dir) {
  const files = [];
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const raw = Array.from({ length: 200 }, () => Math.exp(9.2 + rnd() * 7.2));
  const scale = (100 * MIB) / raw.reduce((a, b) => a + b, 0);
  raw.forEach((r, i) => {
    const size = Math.max(1, Math.floor(r * scale));
    const rel = `dir${i % 8}/${i % 3 === 0 ? `Some Long Mixed-Case File Name ${i}.Data` : `f${i}.bin`}`;
    mkdirSync(join(dir, `dir${i % 8}`), { recursive: true });
    writeFileSync(join(dir, rel), randomBytes(size));
    files.push({ path: `/${rel}`, size, source: { kind: 'file', path: join(dir, rel) } });
  });
  return files;
}

function sh(script) {
  const r = spawnSync('sh', ['-c', script], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${script}: ${r.stderr}`);
}
function nativeMs(script, cleanup) {
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    const t = process.hrtime.bigint();
    try {
      sh(script);
    } finally {
      if (cleanup) spawnSync('sh', ['-c', cleanup]);
    }
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  return median(times);
}
const have = (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

function main() {
  const work = mkdtempSync(join(tmpdir(), 'bootgen-bench-data-'));
  try {
    const tree = join(work, 'tree');
    const files = makeTree(tree);
    const out = join(work, 'ours.img');
    for (const fs of ['ntfs', 'exfat']) {
      const build = () => {
        const r = fs === 'ntfs'
          ? buildNtfsVolume(files, { sizeBytes: VOLUME, label: 'BENCH', serial: 0x1234n, epoch, hiddenSectors: 2048 })
          : buildExfatVolume(files, { sizeBytes: VOLUME, label: 'BENCH', serial: 0x1234, epoch, hiddenSectors: 2048 });
        if (!r.value) throw new Error(JSON.stringify(r.diagnostics));
        writeSparseFile(out, VOLUME, r.value.extents, {});
      };
      const ours = timeIt(build);
      const img = join(work, `${fs}.img`);
      const mnt = join(work, `mnt-${fs}`);
      mkdirSync(mnt, { recursive: true });
      let theirs;
      let tool;
      if (fs === 'ntfs' && have('mkntfs') && have('ntfs-3g')) {
        tool = 'mkntfs -Q -F + ntfs-3g cp -r';
        theirs = nativeMs(`rm -f ${img}; truncate -s ${VOLUME} ${img} && mkntfs -Q -F -q -L BENCH ${img} && ntfs-3g ${img} ${mnt} && cp -r ${tree}/. ${mnt}/ && umount ${mnt}`, `umount ${mnt} 2>/dev/null`);
      } else if (fs === 'exfat' && have('mkfs.exfat') && have('mount.exfat-fuse')) {
        // exfat-fuse mounts only block devices: a loop device over the image
        tool = 'mkfs.exfat + exfat-fuse cp -r';
        theirs = nativeMs(`rm -f ${img}; truncate -s ${VOLUME} ${img} && mkfs.exfat -L BENCH ${img} >/dev/null && L=$(losetup -f --show ${img}) && mount.exfat-fuse $L ${mnt} && cp -r ${tree}/. ${mnt}/ && umount ${mnt} && losetup -d $L`, `umount ${mnt} 2>/dev/null; losetup -j ${img} | cut -d: -f1 | xargs -r losetup -d`);
      }
      console.log(`${fs} 256 MiB volume, 100 MiB / 200 files: bootgen ${ours.toFixed(0)} ms${theirs ? ` vs ${tool} ${theirs.toFixed(0)} ms → ratio ${(ours / theirs).toFixed(2)}` : ' (native tools missing: no ratio)'}`);
    }
    const big = spawnSync(process.execPath, [new URL(import.meta.url).pathname, '--big', work], { encoding: 'utf8' });
    process.stdout.write(big.stdout);
    if (big.status !== 0) throw new Error(big.stderr);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** Child: an 8 GiB sparse VHD-sized file on a 10 GiB stick's NTFS data partition, built as `bootgen build` does. */
async function big(work) {
  const dir = join(work, 'site');
  mkdirSync(join(dir, 'images'), { recursive: true });
  const fd = openSync(join(dir, 'images/big.vhd'), 'w');
  ftruncateSync(fd, 8 * 2 ** 30);
  writeSync(fd, Buffer.from('conectix-ish marker'), 0, 19, 4 * 2 ** 30);
  closeSync(fd);
  writeFileSync(join(dir, 'site.yaml'), 'bootgen: 1\nsite: big\nepoch: 2026-01-01T00:00:00Z\nimages: {big: images/big.vhd}\nentries:\n  - {id: r, title: R, grub: "echo r"}\nmedia:\n  usb: {size: 10GiB, firmware: [bios, uefi], esp: 64MiB, data: {fs: ntfs}}\n');
  const t = process.hrtime.bigint();
  const r = await buildSite({ file: join(dir, 'site.yaml'), out: join(work, 'big-out'), only: ['usb'], hash: false }, nodePorts());
  const ms = Number(process.hrtime.bigint() - t) / 1e6;
  const img = join(work, 'big-out/media/big-usb.img');
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(`8 GiB sparse VHD on a 10 GiB stick (NTFS data partition): ${ms.toFixed(0)} ms, ${(statSync(img).blocks * 512 / MIB).toFixed(1)} MiB on disk of ${(statSync(img).size / 2 ** 30).toFixed(0)} GiB, peak RSS ${rss.toFixed(0)} MB (limit 100)${r.diagnostics.length ? `; ${r.diagnostics.length} notes` : ''}`);
}

if (process.argv[2] === '--big') await big(process.argv[3]);
else main();
