// The bcdedit scripts (targets/bcd, `render --target bcd`) and the offline store (`--binary`) must
// describe the same objects: parse the scripts' settings and compare them with the store as our
// reader reads it back from the hive bytes.
import { describe, expect, it } from 'vitest';
import type { Site } from '../../../src/model/types.js';
import {
  buildBcdStore, ElementType, ObjectType, readBcdStore, WellKnown, writeBcdStore, type BcdDevice, type BcdObject, type BcdStore,
} from '../../../src/targets/bcd-store/index.js';
import { planArtifacts } from '../../../src/targets/index.js';
import { vhdLabSite } from '../../helpers/example-sites.js';
import { disk, makeSite, windows } from '../../helpers/site.js';
import { repoTemplates } from '../../helpers/templates.js';
import { windowsSite } from './bcd-site.js';

interface ScriptObject {
  readonly settings: Map<string, string>;
  readonly isDefault: boolean;
  readonly timeout: number | undefined;
}

/** Undoes cmdArg (targets/bcd/escape.ts): strip quotes, %% → %, halve a doubled trailing backslash run. */
function unquote(arg: string): string {
  if (!arg.startsWith('"')) return arg;
  const body = arg.slice(1, -1).replaceAll('%%', '%');
  return body.replace(/(\\+)$/, (run) => run.slice(run.length / 2));
}

function parseScript(text: string): ScriptObject {
  const settings = new Map<string, string>();
  let isDefault = false;
  let timeout: number | undefined;
  for (const line of text.split(/\r\n/)) {
    const set = /^bcdedit \/set %GUID% (\w+) ("(?:[^"]*)"|\S+) \|\| exit \/b 1$/.exec(line);
    if (set?.[1] && set[2]) settings.set(set[1], unquote(set[2]));
    if (/^bcdedit \/default %GUID%/.test(line)) isDefault = true;
    const t = /^bcdedit \/timeout (\d+)/.exec(line);
    if (t?.[1]) timeout = Number(t[1]);
  }
  return { settings, isDefault, timeout };
}

function scripts(site: Site): ScriptObject[] {
  const planned = planArtifacts(site, { templates: repoTemplates(), only: ['bcd'] });
  expect(planned.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return planned.value.map((a) => parseScript(String(a.content)));
}

function readBack(site: Site): BcdStore {
  const built = buildBcdStore(site, { firmware: 'uefi' });
  const r = readBcdStore(writeBcdStore(built.value, { epoch: site.epoch }), { file: 'BCD' });
  expect(r.diagnostics).toEqual([]);
  if (!r.value) throw new Error('store unreadable');
  return r.value;
}

const el = (o: BcdObject | undefined, type: number) => o?.elements.find((e) => e.type === type)?.value;
const text = (o: BcdObject | undefined, type: number) => {
  const v = el(o, type);
  return v?.format === 'string' ? v.value : undefined;
};

/**
 * `vhd=[X]\path` of the script vs the store's device. The script runs on an installed Windows and
 * lets bootmgr find the VHD's partition ([locate]) or names a drive; the offline store travels with
 * the medium that carries the VHD, so its parent is [boot]. Everything else must be identical.
 */
function sameDevice(script: string | undefined, stored: BcdDevice | undefined): void {
  const m = /^vhd=\[([^\]]+)\](.*)$/.exec(script ?? '');
  expect(m, script).not.toBeNull();
  expect(stored).toEqual({ kind: 'vhd', parent: { kind: 'boot' }, path: m?.[2], locateElement: ElementType.path });
  expect(['locate', 'C:', 'D:']).toContain(m?.[1]);
}

function compare(site: Site): void {
  const script = scripts(site);
  const store = readBack(site);
  const bootmgr = store.objects.find((o) => o.id === WellKnown.bootmgr);
  // WinPE (wim:) entries exist only in the store: the script target covers Windows VHD entries
  const vhdLoaders = store.objects.filter((o) => o.type === ObjectType.osLoader && el(o, ElementType.device)?.format === 'device' && (el(o, ElementType.device) as { device: BcdDevice }).device.kind === 'vhd');
  expect(vhdLoaders.map((o) => text(o, ElementType.description)).sort()).toEqual(script.map((s) => s.settings.get('description')).sort());
  for (const s of script) {
    const o = vhdLoaders.find((x) => text(x, ElementType.description) === s.settings.get('description'));
    const dev = el(o, ElementType.device);
    const osdev = el(o, ElementType.osDevice);
    sameDevice(s.settings.get('device'), dev?.format === 'device' ? dev.device : undefined);
    sameDevice(s.settings.get('osdevice'), osdev?.format === 'device' ? osdev.device : undefined);
    expect(text(o, ElementType.systemRoot)).toBe(s.settings.get('systemroot'));
    expect(text(o, ElementType.locale)).toBe(s.settings.get('locale'));
    const timeout = el(bootmgr, ElementType.timeout);
    expect(timeout?.format === 'integer' ? Number(timeout.value) : undefined).toBe(s.timeout);
    const def = el(bootmgr, ElementType.defaultObject);
    if (s.isDefault) expect(def).toEqual({ format: 'object', value: o?.id });
  }
}

describe('bcdedit scripts and the BCD store describe the same objects', () => {
  it('vhd-lab example (one Windows VHD entry)', () => compare(vhdLabSite()));
  it('a site with a Windows VHD and a WinPE entry', () => compare(windowsSite()));
  it('several entries, Unicode titles, percent signs, a drive letter', () => {
    compare(makeSite({
      menu: { default: 'b', timeout: 3 },
      images: [{ id: 'a', path: 'vhd/a.vhdx' }, { id: 'b', path: 'vhd/b 100%.vhd' }, { id: 'c', path: 'c.vhd' }],
      entries: [
        { id: 'a', title: 'Windows 11 — Küche', boot: disk('a', { windows: windows() }) },
        { id: 'b', title: 'Windows 10 (100%)', boot: disk('b', { windows: windows({ locale: 'fr-FR' }) }) },
        { id: 'c', title: 'Windows on D:', boot: disk('c', { windows: windows({ drive: 'D:', systemRoot: '\\WINDOWS' }) }) },
      ],
    }));
  });
});
