// The qcow2 engine with tgt, live: init exports an iSCSI target + LUN per overlay served from the
// qemu-storage-daemon FUSE view; writes land in the overlay, never the master; reset, merge and
// destroy do what they say; init and destroy are idempotent. (This kernel has no device-mapper:
// dm-snapshot runs live in a server VM, dm-snapshot-vm.test.ts, and as golden plans.)
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readSync, rmSync, statSync, utimesSync, writeSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeMaster, findMasters, observeState as observeWith } from '../../src/app/overlays/index.js';
import type { OverlayLayout as Layout } from '../../src/net/types.js';
import { nodePorts } from '../../src/io/node-ports.js';
import { runPlan } from '../../src/io/overlay-runner.js';
import { planOverlayLayout } from '../../src/net/overlay-layout.js';
import { planDestroy, planInit, planReset } from '../../src/net/overlay-lifecycle.js';
import { planMerge } from '../../src/net/overlay-merge.js';
import { overlayStatus } from '../../src/net/overlay-status.js';
import type { OverlayLayout } from '../../src/net/types.js';
import { findOracle, oraclesPresent, run } from '../helpers/oracle.js';
import { startTgtd, type TgtdHandle } from './daemons.js';
import { lanpartySite } from './site-fixture.js';

const tools = ['tgtd', 'tgtadm', 'qemu-storage-daemon', 'qemu-img', 'start-stop-daemon'].map((name) =>
  findOracle({ name, pkg: name.startsWith('tgt') ? 'tgt' : name === 'start-stop-daemon' ? 'dpkg' : 'qemu-utils' }),
);
const ok = oraclesPresent([...tools, findOracle({ name: '/dev/fuse', pkg: 'fuse3 (kernel FUSE)' })], 'live qcow2 overlays');

const MiB = 1024 * 1024;
const ports = nodePorts();
const observeState = (layout: Layout) => observeWith(layout, ports);

function readAt(path: string, offset: number, length: number): string {
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(length);
  readSync(fd, buf, 0, length, offset);
  closeSync(fd);
  return buf.toString('latin1');
}

function writeAt(path: string, offset: number, text: string): void {
  const fd = openSync(path, 'r+');
  writeSync(fd, Buffer.from(text, 'latin1'), 0, text.length, offset);
  closeSync(fd);
}

describe.skipIf(!ok)('qcow2 overlays exported by tgt (live)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootgen-ov-'));
  const site = { ...lanpartySite({ engine: 'qcow2', export: 'tgt', machines: 2, dir: join(dir, 'overlays') }), dir };
  let tgtd: TgtdHandle | undefined;
  let layout: OverlayLayout;

  async function fresh(): Promise<OverlayLayout> {
    const masters = await findMasters(site, 'qcow2', ['master'], ports);
    const r = planOverlayLayout(site, { masters, tgtControl: 71, tidBase: 701 });
    if (!r.value) throw new Error('no layout');
    return r.value;
  }

  beforeAll(async () => {
    run('mkdir', ['-p', join(dir, 'images'), join(dir, 'overlays')]);
    const master = join(dir, 'images/master.vhd');
    // a fixed-size VHD (qemu-img, subformat=fixed) with a known sector at 1 MiB
    writeFileSync(join(dir, 'seed.raw'), Buffer.alloc(0));
    run('truncate', ['-s', `${16 * MiB}`, join(dir, 'seed.raw')]);
    writeAt(join(dir, 'seed.raw'), MiB, 'MASTER-SECTOR');
    expect(run('qemu-img', ['convert', '-f', 'raw', '-O', 'vpc', '-o', 'subformat=fixed', join(dir, 'seed.raw'), master]).status).toBe(0);
    tgtd = await startTgtd({ control: 71, port: 3271 });
    layout = await fresh();
  }, 30_000);

  afterAll(async () => {
    if (layout) runPlan(planDestroy(layout, observeState(layout)).value);
    await tgtd?.stop();
    rmSync(dir, { recursive: true, force: true });
  }, 30_000);

  it('init creates, attaches and exports every overlay; a second init does nothing', async () => {
    const r = planInit(layout, observeState(layout));
    expect(r.diagnostics).toEqual([]);
    runPlan(r.value);
    const state = observeState(layout);
    expect(layout.overlays.map((o) => state.targets.get(o.tid)?.luns)).toEqual(layout.overlays.map((o) => [{ lun: 1, path: o.device }]));
    expect([...state.targets.values()].map((t) => t.iqn)).toEqual(layout.overlays.map((o) => o.iqn));
    for (const o of layout.overlays) expect(readAt(o.device, MiB, 13)).toBe('MASTER-SECTOR');
    expect(statSync(join(dir, 'images/master.vhd')).mode & 0o222).toBe(0);
    expect(planInit(layout, state).value.steps).toEqual([]);
    // qemu-img reads the overlay's backing chain down to the VHD master
    const info = run('qemu-img', ['info', '-U', '--output=json', '--backing-chain', layout.overlays[0]!.file]);
    expect(JSON.parse(info.stdout).map((i: { format: string }) => i.format)).toEqual(['qcow2', 'vpc']);
  }, 60_000);

  it('writes go to the overlay; reset of the immutable overlay drops them, the persistent one keeps its', async () => {
    const [play, persist] = layout.overlays;
    writeAt(play!.device, MiB, 'PLAY-WRITE---');
    writeAt(persist!.device, MiB, 'PERSIST-WRITE');
    expect(readAt(play!.device, MiB, 13)).toBe('PLAY-WRITE---');
    const status = overlayStatus({ layout, state: observeState(layout), facts: new Map(), disk: undefined });
    expect(status.diagnostics).toEqual([]);
    runPlan(planReset(layout, [play!], observeState(layout)).value);
    expect(readAt(play!.device, MiB, 13)).toBe('MASTER-SECTOR');
    expect(readAt(persist!.device, MiB, 13)).toBe('PERSIST-WRITE');
    expect(readAt(join(dir, 'seed.raw'), MiB, 13)).toBe('MASTER-SECTOR');
  }, 60_000);

  it('merge folds a machine into generation 1 and re-bases it; others stay on generation 0', async () => {
    const persist = layout.overlays[1]!;
    const r = planMerge(layout, persist, observeState(layout));
    expect(r.diagnostics).toEqual([]);
    runPlan(r.value);
    layout = await fresh();
    const g1 = layout.masters.find((m) => m.generation === 1);
    expect(g1?.format).toBe('qcow2');
    expect(readAt(persist.device, MiB, 13)).toBe('PERSIST-WRITE');
    const state = observeState(layout);
    expect(state.parents.get(persist.name)).toMatchObject({ generation: 1, identity: (await describeMaster('master', 1, g1!.path, ports)).identity });
    expect(state.parents.get(layout.overlays[0]!.name)?.generation).toBe(0);
    // the chain check: every overlay's recorded parent still matches its master file
    expect(overlayStatus({ layout, state, facts: new Map(), disk: undefined }).diagnostics).toEqual([]);
  }, 60_000);

  it('status reports a master that became writable, and a changed parent', async () => {
    const g0 = layout.masters.find((m) => m.generation === 0)!;
    run('chmod', ['u+w', g0.path]);
    writeAt(g0.path, 0, 'X');
    utimesSync(g0.path, new Date(), new Date(Date.now() + 10_000)); // a later mtime, whatever the clock granularity
    const relayout = await fresh();
    const codes = overlayStatus({ layout: relayout, state: observeState(relayout), facts: new Map(), disk: undefined }).diagnostics.map((d) => d.code);
    expect(codes).toContain('net/master-writable');
    expect(codes).toContain('net/parent-changed');
    run('chmod', ['a-w', g0.path]);
  }, 60_000);

  it('destroy removes exports, daemons and overlay files; a second destroy does nothing', async () => {
    runPlan(planDestroy(layout, observeState(layout)).value);
    const state = observeState(layout);
    expect(state.targets.size).toBe(0);
    expect(state.livePids.size).toBe(0);
    for (const o of layout.overlays) expect(existsSync(o.file) || state.mounts.has(o.device)).toBe(false);
    expect(planDestroy(layout, state).value.steps).toEqual([]);
    expect(readFileSync(join(dir, 'images/master.vhd')).length).toBeGreaterThan(16 * MiB);
  }, 60_000);
});
