// `bootgen wake SITE MACHINE…|--all [--iface IF] [--port N] [--json]`: Wake-on-LAN magic packets
// (app/wake.ts) to the broadcast address of network.dhcp.subnet, UDP port 9 by default.
import type { Command } from 'commander';
import { requireSite } from '../../app/site.js';
import { wakeMachines, type WakeSent } from '../../app/wake.js';
import { diag } from '../../diagnostics/diagnostic.js';
import { BootgenError, ExitCode } from '../../diagnostics/errors.js';
import { nodeUdp } from '../../io/udp-send.js';
import { WAKE_PORT } from '../../net/wake-packet.js';
import { finish, runAction } from '../json-output.js';
import { ports } from '../ports.js';

interface WakeFlags {
  readonly all?: boolean;
  readonly iface?: string;
  readonly port?: string;
  readonly json?: boolean;
}

export function registerWake(program: Command): void {
  program
    .command('wake')
    .description('send Wake-on-LAN magic packets to machines of the site (broadcast in network.dhcp.subnet)')
    .argument('<site>', 'path to site.yaml')
    .argument('[machines...]', 'machine names')
    .option('--all', 'wake every machine of the site')
    .option('--iface <if>', 'send from this interface\'s address in the subnet (default: the interface that has one)')
    .option('--port <n>', 'UDP port', String(WAKE_PORT))
    .option('--json', 'print {ok, exitCode, sent, diagnostics} as JSON')
    .action((site: string, machines: string[], flags: WakeFlags) => runAction(flags.json === true, () => wake(site, machines, flags)));
}

function port(value: string | undefined): number {
  const n = Number(value ?? WAKE_PORT);
  if (/^\d+$/.test(value ?? String(WAKE_PORT)) && n >= 1 && n <= 65535) return n;
  throw new BootgenError([diag('cli/bad-option', 'error', `--port ${value}: not a UDP port`, { expected: '1–65535', found: String(value) })], ExitCode.badInput);
}

async function wake(file: string, machines: readonly string[], flags: WakeFlags): Promise<void> {
  const { site, warnings } = requireSite(file, ports());
  const r = await wakeMachines(site.site, { machines, all: flags.all === true, iface: flags.iface, port: port(flags.port) }, nodeUdp);
  if (!r.value) throw new BootgenError([...warnings, ...r.diagnostics]);
  finish(flags.json === true, { result: { sent: r.value }, diagnostics: warnings, text: r.value.map(line).join('') });
}

const line = (s: WakeSent): string => `woke ${s.machine} ${s.mac} → ${s.address}:${s.port} (from ${s.from} on ${s.iface})\n`;
