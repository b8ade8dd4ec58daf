// `bootgen serve-http --root DIR --host H --port N --prefix P --status FILE --access-log FILE
// [--templates DIR]`: internal, hidden from --help. The HTTP server `bootgen serve` supervises as
// a daemon of its own (app/serve/http-child.ts); SIGTERM or SIGINT stops it with exit 0, a port
// it cannot listen on is its own exit status (net/serve/http-daemon.ts HTTP_CHILD_EXIT).
import type { Command } from 'commander';
import { serveHttpChild } from '../../app/serve/http-child.js';
import { diag } from '../../diagnostics/diagnostic.js';
import { BootgenError, ExitCode } from '../../diagnostics/errors.js';
import { nodeHttp } from '../../io/http-server.js';
import { nodeStateFiles } from '../../io/state-file.js';
import { HTTP_CHILD_EXIT } from '../../net/serve/http-daemon.js';
import { ports } from '../ports.js';
import { printDiagnostics } from '../report.js';

interface ServeHttpFlags {
  readonly root: string;
  readonly host: string;
  readonly port: string;
  readonly prefix: string;
  readonly status: string;
  readonly accessLog: string;
  readonly templates?: string;
}

export function registerServeHttp(program: Command): void {
  program
    .command('serve-http', { hidden: true })
    .description('internal: the HTTP server bootgen serve supervises (the tree under --prefix, status routes from --status, a JSON line per request to --access-log)')
    .requiredOption('--root <dir>', 'the tree served')
    .requiredOption('--host <address>', 'address to listen on')
    .requiredOption('--port <n>', 'TCP port (0: any free one)')
    .option('--prefix <path>', 'URL path the tree is served under', '/')
    .requiredOption('--status <file>', 'the status file serve writes')
    .requiredOption('--access-log <file>', 'appended: one JSON line per finished request')
    .option('--templates <dir>', 'directory of template overrides (the status page)')
    .action((flags: ServeHttpFlags) => serveHttp(flags));
}

function port(value: string): number {
  if (/^\d+$/.test(value) && Number(value) < 65536) return Number(value);
  throw new BootgenError([diag('cli/bad-option', 'error', `--port ${value}: not a TCP port`, { expected: '0–65535', found: value })], ExitCode.badInput);
}

async function serveHttp(flags: ServeHttpFlags): Promise<void> {
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  // orphaned (serve was SIGKILLed): stop, or the next serve finds the port taken
  const parent = process.ppid;
  const orphan = setInterval(() => process.ppid !== parent && stop(), 1000);
  try {
    await serveHttpChild({
      root: flags.root, host: flags.host, port: port(flags.port), prefix: flags.prefix, status: flags.status, accessLog: flags.accessLog,
      templatesDir: flags.templates, signal: controller.signal,
      onListening: (p) => process.stdout.write(`bootgen serve-http: listening on ${flags.host}:${p}, serving ${flags.root} under ${flags.prefix}\n`),
    }, { ports: ports(), http: nodeHttp, stateFiles: nodeStateFiles });
  } catch (e) {
    const exit = e instanceof BootgenError ? Object.entries(HTTP_CHILD_EXIT).find(([, code]) => e.diagnostics.some((d) => d.code === code)) : undefined;
    if (!exit || !(e instanceof BootgenError)) throw e;
    printDiagnostics(e.diagnostics, { stream: process.stderr });
    process.exitCode = Number(exit[0]);
  } finally {
    clearInterval(orphan);
    process.off('SIGTERM', stop);
    process.off('SIGINT', stop);
  }
}
