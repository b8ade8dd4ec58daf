// serve's first start: until every daemon is up. A daemon that dies on its first start is a
// refusal (exit 3), not a restart loop; the HTTP child's exit status names why it could not listen
// (net/serve/http-daemon.ts), which becomes the same diagnostic the in-process server gave.
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { BootgenError } from '../../diagnostics/errors.js';
import { HTTP_CHILD_EXIT, type HttpListen } from '../../net/serve/http-daemon.js';
import type { Supervisor } from '../server-ports.js';

/** A daemon's own reason for failing its first start, from its first exit status. */
export type FirstStartRefusal = (name: string) => Diagnostic | undefined;

export async function waitReady(supervisor: Supervisor, signal: AbortSignal, refusal: FirstStartRefusal = () => undefined, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!supervisor.ready() && !signal.aborted) {
    const failed = supervisor.health().filter((h) => h.restarts > 0);
    if (failed.length > 0 || Date.now() > until) {
      const own = failed.flatMap((h) => refusal(h.name) ?? []);
      if (own.length > 0) throw new BootgenError(own);
      const names = (failed.length ? failed : supervisor.health().filter((h) => h.state !== 'running')).map((h) => h.name);
      const how = failed.length ? 'did not start' : `was not ready within ${timeoutMs / 1000} s`;
      throw new BootgenError([diag('env/daemon-failed', 'error', `${names.join(', ')} ${how}`, {
        hint: 'its log in the state dir (logs/<daemon>.log) says why: a port taken by another DHCP or TFTP server, an address not on the interface',
      })]);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The refusal of an HTTP child that exited with `code` on its first start, if the code names one. */
export function httpRefusal(code: number | null | undefined, at: HttpListen, log: string): Diagnostic | undefined {
  const which = code === null || code === undefined ? undefined : HTTP_CHILD_EXIT[code];
  if (which === undefined) return undefined;
  const where = `${at.host}:${at.port}`;
  const found = `bootgen serve-http exited with status ${code} (${log} has its message)`;
  return which === 'env/http-port-in-use'
    ? diag(which, 'error', `the HTTP server cannot listen on ${where}: the port is taken`, { found, hint: 'stop what listens there (ss -ltnp) or use another port in network.http' })
    : diag(which, 'error', `the HTTP server cannot listen on ${where}`, { found, hint: 'the address is on no interface of this machine, or a port below 1024 needs root or CAP_NET_BIND_SERVICE' });
}

/**
 * The refusal of any other daemon that exited on its first start: its own last words from its
 * log (dnsmasq says which port or directory), since the exit status alone rarely says why.
 */
export function logRefusal(name: string, code: number | null | undefined, log: string, text: string | undefined): Diagnostic {
  const last = (text ?? '').split('\n').map((l) => l.trim()).filter(Boolean).slice(-3);
  return diag('env/daemon-failed', 'error', `${name} exited on its first start (${code === null || code === undefined ? 'by a signal' : `status ${code}`})`, {
    ...(last.length ? { found: last.join(' / ') } : {}),
    hint: `${log} has its log: a port taken by another DHCP or TFTP server, an address not on the interface, a directory it cannot read`,
  });
}
