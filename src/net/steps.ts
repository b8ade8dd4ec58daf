// Small constructors for plan steps, and QEMU option quoting (a comma in a value is doubled,
// qemu-options "-blockdev" syntax), shared by the engine and export planners.
import type { ExecStep, MasterSpec, ObservedState, OverlayLayout, Step, WriteStep } from './types.js';

export function exec(argv: readonly string[], why: string, extra: { capture?: string; mayFail?: boolean } = {}): ExecStep {
  return { kind: 'exec', argv, why, ...extra };
}

export function write(path: string, content: string, why: string): WriteStep {
  return { kind: 'write', path, content, why };
}

/** QEMU's key=value option syntax doubles commas inside values. */
export function qemuValue(value: string): string {
  return value.replaceAll(',', ',,');
}

/** `tgtadm [-C port] --lld iscsi …` */
export function tgtadm(layout: OverlayLayout, args: readonly string[]): readonly string[] {
  const control = layout.tgtControl === undefined ? [] : ['-C', String(layout.tgtControl)];
  return ['tgtadm', ...control, '--lld', 'iscsi', ...args];
}

/** Stops a daemon by pid file and waits for it (start-stop-daemon: TERM, then up to 10 s). */
export function stopByPidFile(pidFile: string, what: string): ExecStep {
  return exec(['start-stop-daemon', '--stop', '--quiet', '--oknodo', '--remove-pidfile', '--retry', '10', '--pidfile', pidFile], `stop ${what}`);
}

export function concat(...groups: readonly (readonly Step[])[]): readonly Step[] {
  return groups.flat();
}

/** `chmod a-w` on a master that is new or still writable: never writable while overlays exist. */
export function protectMaster(master: MasterSpec, state: ObservedState): readonly Step[] {
  if (state.files.has(master.path) && !state.writable.has(master.path)) return [];
  return [exec(['chmod', 'a-w', master.path], `${master.image} generation ${master.generation} is never writable while overlays exist`)];
}
