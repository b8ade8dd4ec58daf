// The systemd unit of a permanent `bootgen serve` (issue 10): rendered through
// templates/serve/bootgen-serve.service.hbs. Every decision is here, the template only lays out
// lines. ExecStart's words are quoted for systemd's own command-line parser (systemd.service(5)
// "Command lines"): `%` specifiers and `$` variables doubled, double quotes with C escapes where a
// word holds anything else; a control character cannot be carried on the line, so it is refused.
import { diag, type Result } from '../diagnostics/diagnostic.js';
import { InternalError } from '../diagnostics/errors.js';
import type { TemplateSet } from '../targets/types.js';
import { renderTemplate } from '../targets/templates.js';

export const SERVE_UNIT_TEMPLATE = 'serve/bootgen-serve.service.hbs';
export const SERVE_UNIT_NAME = 'bootgen-serve.service';

/** What `serve` needs beyond a normal user: DHCP/TFTP ports below 1024, raw sockets (DHCP, AoE), ARP and routes. */
export const SERVE_CAPABILITIES = ['CAP_NET_ADMIN', 'CAP_NET_BIND_SERVICE', 'CAP_NET_RAW'] as const;

export interface ServeUnitOptions {
  /** the site's name, for the description */
  readonly site: string;
  /** absolute path of the node binary */
  readonly node: string;
  /** absolute path of bin/bootgen.js */
  readonly bootgen: string;
  /** absolute path of site.yaml */
  readonly sitePath: string;
  /** absolute path of the state dir */
  readonly state: string;
  readonly iface?: string | undefined;
  /** run as this user with SERVE_CAPABILITIES; root when not given */
  readonly user?: string | undefined;
}

export interface ServeUnitView {
  readonly unitName: string;
  readonly site: string;
  readonly description: string;
  readonly execStart: string;
  readonly user: string | false;
  readonly capabilities: string;
}

export interface ServeUnit {
  readonly path: string;
  readonly content: string;
}

const PLAIN = /^[A-Za-z0-9_/.,:+=@-]+$/;

/** One ExecStart word as systemd reads it back; undefined for a word with a control character. */
export function systemdWord(word: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(word)) return undefined;
  const escaped = word.replace(/%/g, '%%').replace(/\$/g, '$$$$');
  return PLAIN.test(escaped) ? escaped : `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** The unit's view; errors (cli/bad-option) for a path or name with a control character. */
export function serveUnitView(options: ServeUnitOptions): Result<ServeUnitView | undefined> {
  for (const [what, path] of [['node', options.node], ['bootgen', options.bootgen], ['site.yaml', options.sitePath], ['--state', options.state]] as const) {
    if (!path.startsWith('/')) throw new InternalError(`the unit needs an absolute ${what} path, given ${path}`);
  }
  const argv = [options.node, options.bootgen, 'serve', options.sitePath, '--state', options.state, ...(options.iface !== undefined ? ['--iface', options.iface] : [])];
  const words = argv.map(systemdWord);
  const bad = argv.filter((_, i) => words[i] === undefined);
  const user = options.user !== undefined && !/^[a-z_][a-z0-9_-]*\$?$/i.test(options.user) ? options.user : undefined;
  if (bad.length > 0 || user !== undefined) {
    const refused = [...bad, ...(user !== undefined ? [user] : [])];
    const expected = 'paths and names without control characters; a user name of letters, digits, _ and -';
    return { value: undefined, diagnostics: refused.map((w) => diag('cli/bad-option', 'error', `${JSON.stringify(w)} cannot be written into a systemd unit`, { expected, found: JSON.stringify(w) })) };
  }
  const description = `bootgen boot server for site ${options.site}`.replace(/[\u0000-\u001f\u007f]/g, '?').replace(/%/g, '%%');
  return {
    value: { unitName: SERVE_UNIT_NAME, site: options.site, description, execStart: words.join(' '), user: options.user ?? false, capabilities: SERVE_CAPABILITIES.join(' ') },
    diagnostics: [],
  };
}

export function renderServeUnit(options: ServeUnitOptions, templates: TemplateSet): Result<ServeUnit | undefined> {
  const view = serveUnitView(options);
  if (!view.value) return { value: undefined, diagnostics: view.diagnostics };
  return { value: { path: SERVE_UNIT_NAME, content: renderTemplate(templates, SERVE_UNIT_TEMPLATE, view.value) }, diagnostics: view.diagnostics };
}
