// The HTTP child as a daemon spec: its argv names the tree, the address of network.http, the status
// file and the access log in the state dir; its log is in logs/; its probe is node itself.
import { describe, expect, it } from 'vitest';
import type { Site } from '../../../src/model/types.js';
import { planDaemons } from '../../../src/net/serve/daemons.js';
import { httpChildFiles, httpDaemon, httpListen } from '../../../src/net/serve/http-daemon.js';
import { serveLayout } from '../../../src/net/serve/layout.js';

const layout = serveLayout('/var/lib/bootgen');
const siteWith = (http: string | undefined): Site => ({ network: { http } }) as unknown as Site;
const options = { node: '/usr/bin/node', bootgen: '/opt/bootgen/bin/bootgen.js' };
const restart = { initialMs: 500, maxMs: 10_000 };

describe('the HTTP daemon spec', () => {
  it('listens where network.http says, port 80 and / when it says nothing', () => {
    expect(httpListen(siteWith('http://10.0.0.1:8080/boot'))).toEqual({ host: '10.0.0.1', port: 8080, prefix: '/boot' });
    expect(httpListen(siteWith(undefined))).toEqual({ host: '0.0.0.0', port: 80, prefix: '/' });
  });

  it('runs bootgen serve-http with node, on the tree and the state dir files', () => {
    const spec = httpDaemon(siteWith('http://10.0.0.1:8080/boot'), layout, { ...options, templatesDir: 'my-templates' }, restart);
    expect(httpChildFiles(layout)).toEqual({ status: '/var/lib/bootgen/run/status.json', accessLog: '/var/lib/bootgen/logs/http-access.log' });
    expect(spec).toMatchObject({ name: 'http', pkg: 'nodejs', log: '/var/lib/bootgen/logs/http.log', restart });
    expect(spec.argv).toEqual([
      '/usr/bin/node', '/opt/bootgen/bin/bootgen.js', 'serve-http', '--root', '/var/lib/bootgen/tree/pxe', '--host', '10.0.0.1', '--port', '8080', '--prefix', '/boot',
      '--status', '/var/lib/bootgen/run/status.json', '--access-log', '/var/lib/bootgen/logs/http-access.log', '--templates', 'my-templates',
    ]);
    expect(spec.ready?.slice(0, 2)).toEqual(['/usr/bin/node', '-e']);
    expect(spec.ready?.[2]).toContain('host:"10.0.0.1",port:8080,path:\'/bootgen/status.json\'');
  });

  it('is one of the daemons serve plans', () => {
    const site = { name: 'lab', machines: [], network: { http: 'http://10.0.0.1/boot', overlays: { export: 'tgt' } } } as unknown as Site;
    const specs = planDaemons(site, layout, { ...options, tgtControl: 79, siteFile: '/srv/site.yaml' });
    expect(specs.map((s) => s.name)).toContain('http');
    expect(specs.find((s) => s.name === 'http')?.argv).not.toContain('--templates');
  });
});
