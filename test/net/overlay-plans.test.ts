// Golden --dry-run plans for both engines and both exports, and the idempotence of init.
import { describe, expect, it } from 'vitest';
import { planOverlayLayout } from '../../src/net/overlay-layout.js';
import { planDestroy, planInit, planReset } from '../../src/net/overlay-lifecycle.js';
import { planMerge } from '../../src/net/overlay-merge.js';
import { renderPlan } from '../../src/net/plan-text.js';
import { EMPTY_STATE, type OverlayLayout } from '../../src/net/types.js';
import { stateAfterInit } from './running-state.js';
import { lanpartySite, masterOf } from './site-fixture.js';

function layoutFor(engine: 'dm-snapshot' | 'qcow2', exp: 'tgt' | 'vblade', machines = 2): OverlayLayout {
  const site = lanpartySite({ engine, export: exp, machines });
  const r = planOverlayLayout(site, { masters: [masterOf(site, engine)] });
  expect(r.diagnostics).toEqual([]);
  if (!r.value) throw new Error('no layout');
  return r.value;
}

const combos = [
  ['dm-snapshot', 'tgt'],
  ['dm-snapshot', 'vblade'],
  ['qcow2', 'tgt'],
  ['qcow2', 'vblade'],
] as const;

describe('overlay plans (golden)', () => {
  for (const [engine, exp] of combos) {
    it(`${engine} + ${exp}: init, reset, merge, destroy`, async () => {
      const layout = layoutFor(engine, exp);
      const init = planInit(layout, EMPTY_STATE);
      expect(init.diagnostics).toEqual([]);
      const cut = layout.overlays.filter((o) => o.machine === 'cutman' && o.session === 'immutable');
      const running = stateAfterInit(layout);
      const reset = planReset(layout, cut, running);
      const persist = layout.overlays.find((o) => o.name === 'cutman-persist');
      if (!persist) throw new Error('no cutman-persist');
      // AoE has no sessions: merge needs the blades of the old generation stopped
      const stopped = exp === 'vblade' ? { ...running, livePids: new Set([...running.livePids].filter((p) => !p.endsWith('.vblade.pid'))) } : running;
      const merge = planMerge(layout, persist, stopped);
      expect(merge.diagnostics).toEqual([]);
      const text = [
        renderPlan(init.value, 'init'),
        renderPlan(reset.value, 'reset cutman --immutable'),
        renderPlan(merge.value, 'merge cutman-persist'),
        renderPlan(planDestroy(layout, running).value, 'destroy'),
      ].join('\n');
      await expect(text).toMatchFileSnapshot(`golden/${engine}-${exp}.sh`);
    });
  }

  it('init is idempotent: nothing to do once everything is in place', () => {
    for (const [engine, exp] of combos) {
      const layout = layoutFor(engine, exp);
      expect(planInit(layout, stateAfterInit(layout)).value.steps).toEqual([]);
      // a master made writable again is protected again, and only that
      const m = layout.masters[0]!;
      const again = planInit(layout, { ...stateAfterInit(layout), writable: new Set([m.path]) }).value.steps;
      expect(again).toEqual([expect.objectContaining({ argv: ['chmod', 'a-w', m.path] })]);
    }
  });

  it('merge refuses while a machine runs from the old generation', () => {
    const layout = layoutFor('qcow2', 'tgt');
    const persist = layout.overlays.find((o) => o.name === 'cutman-persist')!;
    const r = planMerge(layout, persist, stateAfterInit(layout, { sessions: ['gutsman'] }));
    expect(r.diagnostics.map((d) => d.code)).toEqual(['net/merge-in-use']);
    expect(r.diagnostics[0]?.message).toContain('gutsman');
    expect(r.value.steps).toEqual([]);
  });

  it('uses the IQNs, initiator IQNs and AoE addresses of san-naming (the iPXE scripts); each export admits only its machine', () => {
    const tgt = layoutFor('qcow2', 'tgt');
    expect(tgt.overlays.map((o) => o.iqn)).toContain('iqn.2026-01.bootgen.lanparty:cutman-play');
    // each machine's initiator: the only one its targets admit, the one its iPXE script sets
    expect(tgt.overlays.map((o) => `${o.name}<-${o.initiator}`)).toContain('cutman-persist<-iqn.2026-01.bootgen.lanparty.initiator:cutman');
    const binds = planInit(tgt, EMPTY_STATE).value.steps.filter((s) => s.kind === 'exec' && s.argv.includes('bind')).map((s) => (s.kind === 'exec' ? s.argv.slice(-2).join(' ') : ''));
    expect(binds).toEqual(tgt.overlays.map((o) => `--initiator-name ${o.initiator}`));
    const aoe = layoutFor('dm-snapshot', 'vblade');
    const blades = planInit(aoe, EMPTY_STATE).value.steps.filter((s) => s.kind === 'exec' && s.argv.includes('/usr/sbin/vblade'));
    expect(blades.map((s) => (s.kind === 'exec' ? s.argv.slice(s.argv.indexOf('--') + 1, s.argv.indexOf('--') + 3).join(' ') : ''))).toEqual(aoe.overlays.map((o) => `-m ${o.mac}`));
    expect(aoe.overlays.map((o) => `${o.name}=e${o.aoe.shelf}.${o.aoe.slot}`)).toEqual([
      'cutman-play=e1.0', 'cutman-persist=e1.1', 'gutsman-play=e1.2', 'gutsman-persist=e1.3',
    ]);
  });

  it('a site mixing iSCSI and AoE machines (machines[].san) exports each overlay with its machine\'s daemon, and stops each the same way', () => {
    const base = lanpartySite({ engine: 'qcow2', export: 'tgt', machines: 2 });
    const site = { ...base, machines: base.machines.map((m) => (m.name === 'gutsman' ? { ...m, san: 'aoe' as const } : m)) };
    const layout = planOverlayLayout(site, { masters: [masterOf(site, 'qcow2')] }).value!;
    expect(layout.overlays.map((o) => `${o.name}:${o.export}`)).toEqual(['cutman-play:tgt', 'cutman-persist:tgt', 'gutsman-play:vblade', 'gutsman-persist:vblade']);
    const init = planInit(layout, EMPTY_STATE).value.steps.flatMap((s) => (s.kind === 'exec' ? [s.argv.join(' ')] : []));
    const targets = init.filter((a) => a.includes('--mode target --tid') && a.includes('--op new'));
    expect(targets.map((a) => / -T (\S+)/.exec(a)?.[1])).toEqual(['iqn.2026-01.bootgen.lanparty:cutman-play', 'iqn.2026-01.bootgen.lanparty:cutman-persist']);
    expect(init.filter((a) => a.includes('/usr/sbin/vblade')).map((a) => / -- -m (\S+) (\d+ \d+)/.exec(a)?.slice(1).join(' '))).toEqual(['52:54:00:00:00:02 1 2', '52:54:00:00:00:02 1 3']);
    const destroy = planDestroy(layout, stateAfterInit(layout)).value.steps.flatMap((s) => (s.kind === 'exec' ? [s.argv.join(' ')] : []));
    expect(destroy.filter((a) => a.includes('--op delete --force --mode target'))).toHaveLength(2);
    expect(destroy.filter((a) => a.includes('vblade.pid'))).toHaveLength(2);
    expect(planInit(layout, stateAfterInit(layout)).value.steps).toEqual([]);
  });
});
