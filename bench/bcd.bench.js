#!/usr/bin/env node
// BCD store bench: a 500-entry store (Windows VHD loaders) built and written by bootgen, read back
// by bootgen's reader, against hivex in the same run: hivexsh -w building the same keys and
// values (add + setval + commit, from an empty hive; hivexsh's line limit cuts displayorder to 1000
// bytes) and hivexml parsing the store.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeHive, parseHive } from '../dist/formats/regf/index.js';
import { buildBcdStore, storeToHive, writeBcdStore, readBcdStore } from '../dist/targets/bcd-store/index.js';

const N = 500;
const ROUNDS = 5;

function site() {
  const images = Array.from({ length: N }, (_, i) => ({ id: `w${i}`, path: `images/w${i}.vhdx`, parent: undefined, origin: { file: 'b' } }));
  const entries = images.map((im, i) => ({
    id: im.id, title: `Windows ${i} — Übung`, raw: {}, origin: { file: 'b' },
    boot: { kind: 'disk', disk: im.id, windows: { drive: undefined, systemRoot: '\\Windows', locale: 'en-US' } },
  }));
  return { name: 'bench', file: 'b', epoch: 1767225600, menu: { title: 'b', timeout: 5, default: 'w0' }, images, entries, loaders: {} };
}

const best = (fn) => {
  let ms = Infinity;
  let value;
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    value = fn();
    ms = Math.min(ms, performance.now() - t0);
  }
  return { ms, value };
};

/** hivexsh script creating every key and value of the hive tree under the root. */
function hivexScript(key, path = '') {
  const lines = [];
  for (const sub of key.subkeys) {
    lines.push(`cd \\${path}`, `add ${sub.name}`, `cd \\${path}${path ? '\\' : ''}${sub.name}`);
    if (sub.values.length) {
      lines.push(`setval ${sub.values.length}`);
      // hivexsh reads lines of a few KB at most: the 500-GUID displayorder is cut to 1000 bytes
      for (const v of sub.values) lines.push(v.name, `hex:${v.type}:${Array.from(v.data.subarray(0, 1000), (b) => b.toString(16).padStart(2, '0')).join(',')}`);
    }
    lines.push(...hivexScript(sub, `${path}${path ? '\\' : ''}${sub.name}`));
  }
  return lines;
}

const s = site();
const build = best(() => writeBcdStore(buildBcdStore(s, { firmware: 'uefi' }).value, { epoch: s.epoch }));
const bytes = build.value;
const read = best(() => readBcdStore(bytes, { file: 'BCD' }));
if (read.value.diagnostics.length) throw new Error(JSON.stringify(read.value.diagnostics));
const tree = storeToHive(buildBcdStore(s, { firmware: 'uefi' }).value);
const dir = mkdtempSync(join(tmpdir(), 'bootgen-bcd-bench-'));
try {
  const empty = writeHive({ name: tree.name, values: [], subkeys: [] }, { timestamp: 0n });
  const script = join(dir, 'script');
  writeFileSync(script, `${hivexScript(tree).join('\n')}\ncommit\n`);
  const hivexBuild = best(() => {
    writeFileSync(join(dir, 'H'), empty);
    const r = spawnSync('hivexsh', ['-w', '-f', script, join(dir, 'H')]);
    if (r.status !== 0) throw new Error(String(r.stderr));
  });
  writeFileSync(join(dir, 'BCD'), bytes);
  const hivexRead = best(() => {
    const r = spawnSync('sh', ['-c', 'hivexml "$1" > /dev/null', 'sh', join(dir, 'BCD')]);
    if (r.status !== 0) throw new Error(String(r.stderr));
  });
  const keys = parseHive(bytes, { file: 'BCD' }).value.root;
  const count = (k) => 1 + k.subkeys.reduce((n, c) => n + count(c), 0);
  console.log(`store: ${N} loaders, ${count(keys)} keys, ${bytes.length} bytes (best of ${ROUNDS})`);
  console.log(`build+write  bootgen ${build.ms.toFixed(1)} ms | hivexsh -w same tree ${hivexBuild.ms.toFixed(1)} ms | ratio ${(build.ms / hivexBuild.ms).toFixed(3)}`);
  console.log(`read         bootgen ${read.ms.toFixed(1)} ms | hivexml ${hivexRead.ms.toFixed(1)} ms | ratio ${(read.ms / hivexRead.ms).toFixed(3)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
