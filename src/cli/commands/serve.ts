// `bootgen serve SITE [--iface IF] [--state DIR] [--tgt-control N] [--json] [--print-unit]`: the
// boot server in the foreground (app/serve/). Events go to stdout, one line each (JSON lines with
// --json); Ctrl-C or SIGTERM stops everything it started; SIGHUP rebuilds and swaps the tree.
import { fileURLToPath } from 'node:url';
import { dirname, resolve } from 'node:path';
import type { Command } from 'commander';
import { serveSite } from '../../app/serve/index.js';
import { requireSite } from '../../app/site.js';
import { diag } from '../../diagnostics/diagnostic.js';
import { BootgenError, ExitCode } from '../../diagnostics/errors.js';
import { nodeDhcpProbe } from '../../io/dhcp-probe.js';
import { nodeFollow } from '../../io/follow-file.js';
import { nodeStateFiles } from '../../io/state-file.js';
import { nodeSupervisor } from '../../io/supervisor.js';
import { nodeTree } from '../../io/tree-hash.js';
import { nodeUdp } from '../../io/udp-send.js';
import { eventLine } from '../../net/serve/events.js';
import { defaultStateDir } from '../../net/serve/layout.js';
import { renderServeUnit } from '../../net/systemd-unit.js';
import { finish, printWarnings, runAction } from '../json-output.js';
import { ports } from '../ports.js';

interface ServeFlags {
  readonly iface?: string;
  readonly state?: string;
  readonly tgtControl: string;
  readonly json?: boolean;
  readonly printUnit?: boolean;
  readonly templates?: string;
}

/** bin/bootgen.js of this installation: what the DHCP hook, the HTTP child and the unit run. */
const BIN = fileURLToPath(new URL('../../../bin/bootgen.js', import.meta.url));

export function registerServe(program: Command): void {
  program
    .command('serve')
    .description('run the boot server: build into the state dir, serve HTTP, supervise dnsmasq and tgtd/vblade, keep overlays up')
    .argument('<site>', 'path to site.yaml')
    .option('--iface <if>', 'interface to serve on (default network.iface)')
    .option('--state <dir>', 'state dir: built tree, overlays, logs (default .bootgen-serve/ beside site.yaml)')
    .option('--tgt-control <n>', 'tgtd management port (tgtadm -C) of the tgtd serve runs', '0')
    .option('--templates <dir>', 'directory of template overrides')
    .option('--print-unit', 'print a systemd unit that runs this serve permanently, and exit')
    .option('--json', 'events as JSON lines; failures as the one JSON envelope')
    .action((site: string, flags: ServeFlags) => runAction(flags.json === true, () => serve(site, flags)));
}

function tgtControl(value: string): number {
  if (/^\d+$/.test(value) && Number(value) < 65536) return Number(value);
  throw new BootgenError([diag('cli/bad-option', 'error', `--tgt-control ${value}: not a port number`, { expected: '0–65535', found: value })], ExitCode.badInput);
}

async function serve(file: string, flags: ServeFlags): Promise<void> {
  // the site's directory as io/read-manifest.ts takes it, without parsing the site twice
  const state = resolve(flags.state ?? defaultStateDir(dirname(resolve(file))));
  if (flags.printUnit) return printUnit(file, state, flags);
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  let reload: (() => void) | undefined;
  const hup = (): void => reload?.();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', hup);
  try {
    await serveSite({
      file, state, iface: flags.iface, tgtControl: tgtControl(flags.tgtControl), bootgen: BIN, node: process.execPath, templatesDir: flags.templates,
      isRoot: process.getuid?.() === 0, signal: controller.signal,
      onEvent: (e) => process.stdout.write(flags.json ? `${JSON.stringify(e)}\n` : `${eventLine(e)}\n`),
      onWarnings: (ds) => (flags.json ? ds.forEach((d) => process.stdout.write(`${JSON.stringify({ kind: 'warning', ...d })}\n`)) : printWarnings(ds)),
      onReload: (fn) => void (reload = fn),
    }, { ports: ports(), stateFiles: nodeStateFiles, udp: nodeUdp, tree: nodeTree, supervisor: nodeSupervisor, follow: nodeFollow, dhcpProbe: nodeDhcpProbe });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
    process.off('SIGHUP', hup);
  }
}

function printUnit(file: string, state: string, flags: ServeFlags): void {
  const site = requireSite(file, ports()).site.site;
  const templates = ports().loadTemplates(flags.templates);
  if (!templates.value) throw new BootgenError(templates.diagnostics);
  const unit = renderServeUnit({ site: site.name, node: process.execPath, bootgen: BIN, sitePath: resolve(file), state, iface: flags.iface }, templates.value);
  if (!unit.value) throw new BootgenError(unit.diagnostics);
  if (flags.json) return finish(true, { result: { unit: unit.value }, diagnostics: unit.diagnostics });
  process.stdout.write(unit.value.content);
}
