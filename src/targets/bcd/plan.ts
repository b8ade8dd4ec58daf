// Site → one bcdedit script per Windows VHD entry (templates/bcd/entry.cmd.hbs): copy {default},
// point device/osdevice at `vhd=[locate]\path` (or a drive letter), set description, default and
// timeout. Run on the Windows that owns the boot manager ("Windows native VHD boot", DESIGN.md).
// The scripts describe the BCD objects the store holds (targets/bcd-store/build-store.ts): each
// view is read off its entry's object, so script and store cannot disagree, and an entry the store
// refuses (a path Windows cannot use) gets no script either.
import type { Diagnostic, Result } from '../../diagnostics/diagnostic.js';
import { bcdObjectId, ElementType as E, type BcdObject } from '../../formats/bcd/index.js';
import type { DiskBoot, Entry, Site } from '../../model/types.js';
import { buildBcdStore } from '../bcd-store/build-store.js';
import { ignoredPart, unsafeValue } from '../target-diagnostics.js';
import { cmdProblem } from './escape.js';

export interface BcdEntryView {
  readonly site: string;
  readonly id: string;
  readonly title: string;
  /** `vhd=[locate]\images\x.vhd` */
  readonly device: string;
  readonly systemRoot: string;
  readonly locale: string;
  readonly isDefault: boolean;
  readonly timeout: number;
  readonly immutable: boolean;
  /** switch the console to UTF-8 (chcp 65001) because a value is not ASCII */
  readonly utf8: boolean;
}

/** Entry ids name the script file and appear in `rem` lines, so they stay plain. */
const PLAIN_ID = /^[A-Za-z0-9._-]+$/;

function text(object: BcdObject, type: number): string {
  const v = object.elements.find((e) => e.type === type)?.value;
  return v?.format === 'string' ? v.value : '';
}

/** The object's VHD device as bcdedit writes it: `[locate]` searches every volume, or the entry's drive. */
function deviceOf(object: BcdObject, boot: DiskBoot): string {
  const v = object.elements.find((e) => e.type === E.osDevice)?.value;
  const path = v?.format === 'device' && v.device.kind === 'vhd' ? v.device.path : '';
  return `vhd=[${boot.windows?.drive ?? 'locate'}]${path}`;
}

function entryView(site: Site, entry: Entry & { boot: DiskBoot }, object: BcdObject, diagnostics: Diagnostic[]): BcdEntryView | undefined {
  const view: BcdEntryView = {
    site: site.name, id: entry.id, title: text(object, E.description), device: deviceOf(object, entry.boot), systemRoot: text(object, E.systemRoot), locale: text(object, E.locale),
    isDefault: site.menu.default === entry.id, timeout: site.menu.timeout, immutable: entry.boot.session === 'immutable', utf8: false,
  };
  let ok = true;
  if (!PLAIN_ID.test(entry.id)) {
    diagnostics.push(unsafeValue('bcd', 'entry id', entry.id, 'it names the .cmd file, so only letters, digits, . _ - are allowed', entry.origin));
    ok = false;
  }
  for (const [what, value] of [['title', view.title], ['VHD path', view.device], ['windows.systemRoot', view.systemRoot], ['windows.locale', view.locale]] as const) {
    const problem = cmdProblem(value);
    if (problem) diagnostics.push(unsafeValue('bcd', `entry '${entry.id}' ${what}`, value, problem, entry.origin));
    ok &&= problem === undefined;
  }
  if (entry.boot.session === 'snapshot') diagnostics.push(ignoredPart('bcd', entry, 'session: snapshot', 'Windows boot manager has no snapshot menu; the entry boots the disk as it is'));
  const utf8 = /[^\u0000-\u007f]/.test(view.title + view.device + view.systemRoot);
  return ok ? { ...view, utf8 } : undefined;
}

export function planBcd(site: Site): Result<readonly BcdEntryView[]> {
  const entries = site.entries.filter((e): e is Entry & { boot: DiskBoot } => e.boot.kind === 'disk' && e.boot.windows !== undefined);
  if (entries.length === 0) return { value: [], diagnostics: [] };
  // the script is firmware-neutral: bcdedit /copy {default} keeps the firmware's winload
  const store = buildBcdStore(site, { firmware: 'uefi', entries: entries.map((e) => e.id) });
  const diagnostics: Diagnostic[] = [...store.diagnostics];
  const views: BcdEntryView[] = [];
  for (const entry of entries) {
    const object = store.value.objects.find((o) => o.id === bcdObjectId(entry.id));
    const view = object && entryView(site, entry, object, diagnostics);
    if (view) views.push(view);
  }
  return { value: views, diagnostics };
}
