// qcow2 engine: an overlay file per machine with the master as its backing file (-F names the
// master's format, required by QEMU ≥ 7.2, image-formats.md §11), served as a raw file through
// qemu-storage-daemon's FUSE export so tgtd can use it as a plain backing store.
import { renderParentRecord } from './parent-record.js';
import { exec, qemuValue, stopByPidFile, write } from './steps.js';
import type { MasterSpec, ObservedState, OverlaySpec, Step } from './types.js';

export function qcow2Create(o: OverlaySpec, master: MasterSpec, state: ObservedState): readonly Step[] {
  if (state.files.has(o.file)) return [];
  return [
    exec(['qemu-img', 'create', '-q', '-f', 'qcow2', '-b', master.path, '-F', master.format, o.file], `overlay of ${o.name} on ${master.image} generation ${master.generation}`),
    write(o.parentFile, renderParentRecord(master), `record ${o.name}'s parent`),
  ];
}

export function qcow2Attach(o: OverlaySpec, state: ObservedState): readonly Step[] {
  if (state.livePids.has(o.pidFile)) return [];
  const steps: Step[] = [];
  // a daemon that died leaves its FUSE mount behind ("Transport endpoint is not connected")
  if (state.mounts.has(o.device)) steps.push(exec(['umount', o.device], `stale FUSE mount of ${o.name}`, { mayFail: true }));
  if (!state.files.has(o.device)) steps.push(exec(['touch', o.device], 'the FUSE export mounts over an existing file'));
  steps.push(
    exec(
      [
        'qemu-storage-daemon', '--daemonize', '--pidfile', o.pidFile,
        '--blockdev', `driver=file,node-name=file0,filename=${qemuValue(o.file)}`,
        '--blockdev', 'driver=qcow2,node-name=disk0,file=file0',
        '--export', `type=fuse,id=export0,node-name=disk0,mountpoint=${qemuValue(o.device)},writable=on`,
      ],
      `raw view of ${o.name} for the export`,
    ),
  );
  return steps;
}

export function qcow2Detach(o: OverlaySpec, state: ObservedState): readonly Step[] {
  // A SAN client killed mid-session never logs out, and tgtd keeps the LUN's file open: the FUSE
  // mount then outlives its daemon, busy. A lazy unmount detaches it so the overlay can go.
  const lazy = exec(['umount', '-l', o.device], `detach ${o.name}'s FUSE view even while tgtd still holds it`, { mayFail: true });
  if (state.livePids.has(o.pidFile)) return [stopByPidFile(o.pidFile, `the FUSE export of ${o.name}`), lazy];
  if (state.mounts.has(o.device)) return [lazy];
  return [];
}

export function qcow2Remove(o: OverlaySpec, state: ObservedState): readonly Step[] {
  const files = [o.file, o.device, o.parentFile].filter((f) => state.files.has(f));
  return files.length ? [exec(['rm', '-f', ...files], `remove ${o.name}'s overlay files`)] : [];
}
