// Image-chain validation bench: a generated tree of 1,000 images (VHD, qcow2, VMDK chains of depth
// 1..16), validated at 1 GiB and 1 TiB virtual size (bytes read must not change), then per-chain
// time against `qemu-img info --backing-chain` over the same qcow2/VMDK leaves, same run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { walkChains } from '../dist/chain/index.js';
import { createQcow2 } from '../dist/formats/qcow2/create-qcow2.js';
import { createVhd, createVhdChild } from '../dist/formats/vhd/create-vhd.js';
import { createVmdk } from '../dist/formats/vmdk/create-vmdk.js';
import { nodeFileSource, writeImageLayout } from '../dist/io/image-files.js';

const TOTAL = 1000;
const FORMATS = ['vhd', 'qcow2', 'vmdk'];
const uuid = (n) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

async function makeTree(dir, size) {
  const leaves = [];
  let n = 0;
  for (let c = 0; n < TOTAL; c++) {
    const format = FORMATS[c % 3];
    const depth = Math.min(1 + (c % 16), TOTAL - n);
    let parent;
    for (let d = 0; d < depth; d++, n++) {
      const name = `c${c}-${d}.${format}`;
      const file = join(dir, name);
      let layout;
      if (format === 'vhd') {
        layout = parent
          ? createVhdChild({ uniqueId: uuid(n), timestamp: 0, parent: { uniqueId: uuid(n - 1), sizeBytes: size, mtime: 0, relativePath: `.\\${parent}`, absolutePath: `\\${parent}` } })
          : createVhd({ type: 'dynamic', sizeBytes: size, uniqueId: uuid(n), timestamp: 0 });
      } else if (format === 'qcow2') {
        layout = createQcow2({ sizeBytes: size, ...(parent ? { backingFile: parent, backingFormat: 'qcow2' } : {}) });
      } else {
        const cid = (n + 1).toString(16).padStart(8, '0');
        layout = createVmdk({ sizeBytes: size, cid, fileName: name, ...(parent ? { parent: { cid: n.toString(16).padStart(8, '0'), fileNameHint: parent } } : {}) });
      }
      await writeImageLayout(file, layout, { mtime: 0 });
      parent = name;
    }
    leaves.push({ file: join(dir, parent), format });
  }
  return leaves;
}

async function validate(size) {
  const dir = mkdtempSync(join(tmpdir(), 'bootgen-chain-bench-'));
  try {
    const leaves = await makeTree(dir, size);
    const started = performance.now();
    const r = await walkChains(leaves.map((l) => ({ path: l.file })), nodeFileSource());
    const ms = performance.now() - started;
    const errors = r.diagnostics.filter((d) => d.severity === 'error').length;
    return { dir, leaves, ms, images: r.value.nodes.length, bytes: r.value.bytesRead, errors };
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}

const GiB = 1024 ** 3;
const small = await validate(GiB);
const huge = await validate(1024 * GiB);
console.log(`1 GiB images: ${small.images} images validated in ${small.ms.toFixed(0)} ms, ${small.bytes} bytes read, ${small.errors} errors`);
console.log(`1 TiB images: ${huge.images} images validated in ${huge.ms.toFixed(0)} ms, ${huge.bytes} bytes read, ${huge.errors} errors`);
console.log(`bytes read 1 GiB vs 1 TiB: ${small.bytes === huge.bytes ? 'equal' : 'DIFFERENT'} (${(small.bytes / small.images).toFixed(0)} bytes per image)`);
let failed = small.bytes !== huge.bytes || small.errors > 0 || small.images !== TOTAL;

const qemuImg = spawnSync('qemu-img', ['--version'], { encoding: 'utf8' });
if (qemuImg.status !== 0) {
  console.log('SKIP qemu-img comparison: qemu-img not found (Debian package qemu-utils)');
} else {
  const leaves = huge.leaves.filter((l) => l.format !== 'vhd');
  let qemuMs = 0;
  let oursMs = 0;
  let cliMs = 0;
  for (const leaf of leaves) {
    let t = performance.now();
    const q = spawnSync('qemu-img', ['info', '--backing-chain', '--output=json', '-U', leaf.file], { encoding: 'utf8' });
    qemuMs += performance.now() - t;
    if (q.status !== 0) failed = true;
    t = performance.now();
    await walkChains([{ path: leaf.file }], nodeFileSource());
    oursMs += performance.now() - t;
  }
  const sample = leaves.slice(0, 20);
  for (const leaf of sample) {
    const t = performance.now();
    spawnSync(process.execPath, [new URL('../bin/bootgen.js', import.meta.url).pathname, 'chain', '--json', leaf.file], { encoding: 'utf8' });
    cliMs += performance.now() - t;
  }
  const perQemu = qemuMs / leaves.length;
  const perOurs = oursMs / leaves.length;
  const perCli = cliMs / sample.length;
  console.log(`per chain over ${leaves.length} qcow2/VMDK leaves (depth 1..16): qemu-img info --backing-chain ${perQemu.toFixed(2)} ms, bootgen walkChains ${perOurs.toFixed(2)} ms`);
  console.log(`ratio qemu-img / bootgen (in process): ${(perQemu / perOurs).toFixed(1)}x (target ≥ 10x)`);
  console.log(`bootgen chain --json as a process (node start-up included, ${sample.length} leaves): ${perCli.toFixed(1)} ms per chain, ratio ${(perQemu / perCli).toFixed(2)}x`);
}
console.log(`target: 1,000 images ≤ 1000 ms: ${huge.ms <= 1000 ? 'met' : 'MISSED'} (${huge.ms.toFixed(0)} ms)`);
rmSync(small.dir, { recursive: true, force: true });
rmSync(huge.dir, { recursive: true, force: true });
process.exitCode = failed ? 1 : 0;
