// Site → one bcdedit script per Windows VHD entry (templates/bcd/entry.cmd.hbs): copy {default},
// point device/osdevice at `vhd=[locate]\path` (or a drive letter), set description, default and
// timeout. Run on the Windows that owns the boot manager ("Windows native VHD boot", DESIGN.md).
import type { Diagnostic, Result } from '../../diagnostics/diagnostic.js';
import type { DiskBoot, Entry, Site } from '../../model/types.js';
import { siteIndex } from '../site-index.js';
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

function device(site: Site, boot: DiskBoot): string {
  const path = siteIndex(site).image(boot.disk)?.path ?? boot.disk;
  const where = boot.windows?.drive === undefined ? 'locate' : boot.windows.drive;
  return `vhd=[${where}]\\${path.replace(/^\/+/, '').replaceAll('/', '\\')}`;
}

function entryView(site: Site, entry: Entry & { boot: DiskBoot }, diagnostics: Diagnostic[]): BcdEntryView | undefined {
  const windows = entry.boot.windows!;
  const view: BcdEntryView = {
    site: site.name, id: entry.id, title: entry.title, device: device(site, entry.boot), systemRoot: windows.systemRoot, locale: windows.locale,
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
  const diagnostics: Diagnostic[] = [];
  const views: BcdEntryView[] = [];
  for (const entry of site.entries) {
    if (entry.boot.kind !== 'disk' || entry.boot.windows === undefined) continue;
    const view = entryView(site, entry as Entry & { boot: DiskBoot }, diagnostics);
    if (view) views.push(view);
  }
  return { value: views, diagnostics };
}
