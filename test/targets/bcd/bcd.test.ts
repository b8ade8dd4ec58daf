import { describe, expect, it } from 'vitest';
import { bcdTarget } from '../../../src/targets/bcd/index.js';
import { lanpartySite, vhdLabSite } from '../../helpers/example-sites.js';
import { disk, makeSite, windows } from '../../helpers/site.js';
import { repoTemplates } from '../../helpers/templates.js';

const templates = repoTemplates();

describe('BCD script target', () => {
  it('writes one .cmd per Windows VHD entry with CRLF line endings', () => {
    const r = bcdTarget.render(vhdLabSite(), { templates });
    expect(r.value.map((a) => a.path)).toEqual(['bcd/win10.cmd']);
    const text = String(r.value[0]!.content);
    expect(text.endsWith('\r\n')).toBe(true);
    expect(text.replaceAll('\r\n', '')).not.toContain('\n');
  });

  it('copies {default}, captures the new GUID and points device and osdevice at the VHD', () => {
    const lines = String(bcdTarget.render(lanpartySite(), { templates }).value[0]!.content).split('\r\n');
    expect(lines).toContain(`for /f "tokens=2 delims={}" %%G in ('bcdedit /copy {default} /d "bootgen new entry"') do set "GUID={%%G}"`);
    expect(lines).toContain('if not defined GUID (');
    expect(lines).toContain('bcdedit /set %GUID% device "vhd=[locate]\\images\\master.vhd" || exit /b 1');
    expect(lines).toContain('bcdedit /set %GUID% osdevice "vhd=[locate]\\images\\master.vhd" || exit /b 1');
    expect(lines).toContain('bcdedit /set %GUID% description "Windows (LAN play)" || exit /b 1');
    expect(lines).toContain('bcdedit /default %GUID% || exit /b 1');
    expect(lines).toContain('bcdedit /timeout 5 || exit /b 1');
  });

  it('uses a drive letter when asked, escapes % and switches to UTF-8 for non-ASCII titles', () => {
    const site = makeSite({
      images: [{ id: 'w', path: 'vhd/w.vhd' }],
      entries: [{ id: 'w', title: 'Wíndows 100% & more', boot: disk('w', { windows: windows({ drive: 'D:' }) }) }],
      menu: { default: 'other' },
    });
    const text = String(bcdTarget.render(site, { templates }).value[0]!.content);
    expect(text).toContain('bcdedit /set %GUID% device "vhd=[D:]\\vhd\\w.vhd"');
    expect(text).toContain('description "Wíndows 100%% & more"');
    expect(text).toContain('chcp 65001 >nul\r\n');
    expect(text).not.toContain('/default');
  });

  it('refuses a title cmd.exe cannot quote', () => {
    const site = makeSite({ images: [{ id: 'w', path: 'w.vhd' }], entries: [{ id: 'w', title: 'say "hi"', boot: disk('w', { windows: windows() }) }] });
    const r = bcdTarget.render(site, { templates });
    expect(r.value).toEqual([]);
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ code: 'target/unsafe-value', message: expect.stringContaining("entry 'w' title") }));
  });
});
