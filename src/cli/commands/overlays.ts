// `bootgen overlays SITE init|status|reset NAME|merge NAME|destroy [--dry-run] [--json]`: the
// per-machine copy-on-write overlays of network.overlays, planned from what is in place and run
// with the field's tools (dmsetup/losetup or qemu-img/qemu-storage-daemon; tgtadm or vblade).
import type { Command } from 'commander';
import { diag, hasErrors, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { BootgenError, ExitCode } from '../../diagnostics/errors.js';
import { cannotRun, executePlan, overlayContext, planAction, selectOverlays, statusOf, withOverlayLock, type OverlayAction, type OverlayContext } from '../../app/overlays/index.js';
import { requireSite } from '../../app/site.js';
import type { OverlayRow } from '../../net/overlay-status.js';
import { renderPlan } from '../../net/plan-text.js';
import { finish, runAction } from '../json-output.js';
import { parseChoice, requireDirOption } from '../options.js';
import { ports } from '../ports.js';
import { serveLayout, servedSite } from '../../net/serve/layout.js';
import { resolve } from 'node:path';

const ACTIONS = ['init', 'status', 'reset', 'merge', 'destroy'] as const;

interface OverlayFlags {
  readonly dryRun?: boolean;
  readonly json?: boolean;
  readonly immutable?: boolean;
  readonly tgtControl?: string;
  readonly tidBase?: string;
  readonly state?: string;
}

export function registerOverlays(program: Command): void {
  program
    .command('overlays')
    .description('create, inspect, reset, merge and remove the per-machine overlays of network.overlays')
    .argument('<site>', 'path to site.yaml')
    .argument('<action>', ACTIONS.join(' | '))
    .argument('[name]', 'reset/merge: a machine, or one overlay <machine>-<entry>')
    .option('--dry-run', 'print the exact commands as a shell script; change nothing')
    .option('--immutable', 'reset: only the immutable overlays (what the DHCP hook runs at boot)')
    .option('--tgt-control <port>', 'tgtadm -C: management port of the tgtd to use')
    .option('--tid-base <n>', 'first tgt target id', '1')
    .option('--state <dir>', 'the state dir of a `bootgen serve` of this site: its overlays live there')
    .option('--json', 'print the plan, what ran, status rows and diagnostics as JSON')
    .action((site: string, action: string, name: string | undefined, flags: OverlayFlags) =>
      runAction(flags.json === true, () => overlays(site, parseChoice('<action>', action, ACTIONS), name, flags)),
    );
}

function integer(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (/^\d+$/.test(value)) return Number(value);
  throw new BootgenError([diag('cli/bad-option', 'error', `${option} ${value}: not a whole number`, { expected: 'a whole number', found: value })], ExitCode.badInput);
}

async function overlays(file: string, action: (typeof ACTIONS)[number], name: string | undefined, flags: OverlayFlags): Promise<void> {
  const { site, warnings } = requireSite(file, ports());
  const tgtControl = integer('--tgt-control', flags.tgtControl);
  const tidBase = integer('--tid-base', flags.tidBase);
  // the overlays of a `bootgen serve` live in its state dir (its DHCP hook passes --state)
  const state = flags.state === undefined ? undefined : requireDirOption('--state', flags.state, (p) => ports().files.stat(p));
  const served = state === undefined ? site.site : servedSite(site.site, serveLayout(resolve(state)));
  const act = async (): Promise<void> => {
    const ctx = await overlayContext(served, ports(), { ...(tgtControl !== undefined ? { tgtControl } : {}), ...(tidBase !== undefined ? { tidBase } : {}) });
    const diagnostics = [...warnings, ...ctx.diagnostics];
    if (action === 'status') return status(ctx, diagnostics, flags);
    const chosen = choose(ctx, action, name, flags);
    const planned = planAction(ctx, chosen);
    diagnostics.push(...planned.diagnostics);
    if (hasErrors(planned.diagnostics)) throw new BootgenError(diagnostics);
    const title = `bootgen overlays ${site.site.name} ${action}${name ? ` ${name}` : ''}`;
    if (flags.dryRun) {
      const blocked = cannotRun(ctx.layout, planned.value, ports());
      if (blocked) diagnostics.push({ ...blocked, severity: 'info', message: `this plan cannot run on this machine: ${blocked.message}` });
      return finish(flags.json === true, { result: { plan: planned.value, ran: 0 }, diagnostics, text: renderPlan(planned.value, title) });
    }
    const ran = executePlan(ctx, planned.value, ports(), flags.json ? undefined : (line) => process.stderr.write(`+ ${line}\n`));
    finish(flags.json === true, { result: { plan: planned.value, ran }, diagnostics, text: `${title}: ${ran} step${ran === 1 ? '' : 's'} run${ran === 0 ? ' (everything already in place)' : ''}\n` });
  };
  // status and --dry-run change nothing; everything else waits its turn (serve's reconciler, the DHCP hook)
  if (action === 'status' || flags.dryRun) return act();
  await withOverlayLock(served, ports(), 120_000, act);
}

function choose(ctx: OverlayContext, action: 'init' | 'reset' | 'merge' | 'destroy', name: string | undefined, flags: OverlayFlags): OverlayAction {
  if (action === 'init' || action === 'destroy') return { kind: action };
  if (name === undefined) throw new BootgenError([diag('cli/missing-argument', 'error', `overlays ${action} needs a machine or overlay name`)], ExitCode.badInput);
  const picked = selectOverlays(ctx.layout, name, action === 'reset' && flags.immutable === true);
  if (action === 'reset') return { kind: 'reset', overlays: picked };
  const persistent = picked.filter((o) => o.session === 'persistent');
  const overlay = picked.length === 1 ? picked[0] : persistent.length === 1 ? persistent[0] : undefined;
  if (!overlay) {
    throw new BootgenError([diag('net/merge-ambiguous', 'error', `${name} has several overlays; name one`, { expected: picked.map((o) => o.name).join(' or ') })], ExitCode.badInput);
  }
  return { kind: 'merge', overlay };
}

async function status(ctx: OverlayContext, diagnostics: Diagnostic[], flags: OverlayFlags): Promise<void> {
  const r = await statusOf(ctx, ports());
  diagnostics.push(...r.diagnostics);
  finish(flags.json === true, { result: { engine: ctx.layout.engine, overlays: r.value }, diagnostics, text: statusTable(r.value) });
}

function statusTable(rows: readonly OverlayRow[]): string {
  const head = ['OVERLAY', 'SESSION', 'GEN', 'EXPORTED', 'IN USE', 'USED', 'FILL'];
  const body = rows.map((r) => [
    r.name, r.session, r.generation === undefined ? '-' : String(r.generation), r.exists ? (r.exported ? 'yes' : 'no') : 'missing',
    r.inUse ? 'yes' : 'no', `${(r.usedBytes / 2 ** 20).toFixed(1)} MiB`, `${(r.fill * 100).toFixed(1)}%`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => (b[i] ?? '').length)));
  return [head, ...body].map((cols) => cols.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n') + '\n';
}
