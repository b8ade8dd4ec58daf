// Shared vocabulary of the network-boot planners: overlays, exact command steps, observed state.
// Planners are pure (Site + observed state → steps); src/io/overlay-runner.ts observes and runs.
import type { Session } from '../model/types.js';

/**
 * One command of a plan. `argv` is run without a shell; an element may contain `${var}` naming the
 * captured stdout of an earlier step (loop device names are only known when `losetup` prints them).
 */
export interface ExecStep {
  readonly kind: 'exec';
  readonly argv: readonly string[];
  /** why this step is needed (printed as a comment by --dry-run) */
  readonly why: string;
  /** store trimmed stdout under this name for later `${name}` references */
  readonly capture?: string;
  /** a step that may fail harmlessly (removing what may already be gone) */
  readonly mayFail?: boolean;
}

/** A small file bootgen writes itself (an overlay's parent record). */
export interface WriteStep {
  readonly kind: 'write';
  readonly path: string;
  readonly content: string;
  readonly why: string;
}

export type Step = ExecStep | WriteStep;

/** A runnable plan, or a refusal with the reason (e.g. merge while machines run). */
export interface Plan {
  readonly steps: readonly Step[];
  /** notes printed with the plan: what was already in place and skipped */
  readonly notes: readonly string[];
}

export type OverlayEngine = 'dm-snapshot' | 'qcow2';
export type OverlayExport = 'tgt' | 'vblade';

/** The master image one generation of overlays is based on. */
export interface MasterSpec {
  /** image id in site.yaml */
  readonly image: string;
  /** generation number; 0 is the site's own image file */
  readonly generation: number;
  /** absolute path of this generation's file */
  readonly path: string;
  /** qemu format name of the file ('raw', 'vpc', 'qcow2', 'vmdk', …) */
  readonly format: string;
  readonly virtualSize: number;
  /** what identifies this exact file: the header's unique id, or size + mtime for raw files */
  readonly identity: string;
  /** set when the engine needs a converted copy (dm-snapshot needs a raw origin): the site's file */
  readonly source?: { readonly path: string; readonly format: string };
}

/** What an overlay records about the master it was made from (`<name>.parent.json`). */
export type ParentRecord = Omit<MasterSpec, 'source'>;

/** One machine's copy-on-write overlay for one disk entry. */
export interface OverlaySpec {
  /** `<machine>-<entry>`: file and device names */
  readonly name: string;
  readonly machine: string;
  readonly mac: string;
  readonly entry: string;
  readonly image: string;
  readonly session: Session;
  /** qcow2 overlay file or dm-snapshot COW file */
  readonly file: string;
  /** what the export serves: the FUSE raw view (qcow2) or /dev/mapper/<dm> (dm-snapshot) */
  readonly device: string;
  /** dm-snapshot device name */
  readonly dmName: string;
  /** sidecar recording the parent identity (dm-snapshot COW stores none) */
  readonly parentFile: string;
  /** qemu-storage-daemon / vblade pid file */
  readonly pidFile: string;
  readonly tid: number;
  readonly iqn: string;
  /** the machine's initiator IQN: the only initiator tgt lets log in to `iqn` */
  readonly initiator: string;
  readonly aoe: { readonly shelf: number; readonly slot: number };
  /** the daemon that exports it: tgt (iSCSI) or vblade (AoE), by its machine's SAN (san-naming.ts exportOf) */
  readonly export: OverlayExport;
}

export interface OverlayLayout {
  readonly site: string;
  readonly engine: OverlayEngine;
  readonly dir: string;
  /** dm-snapshot chunk in 512-byte sectors */
  readonly chunk: number;
  readonly iface: string;
  /** tgtadm -C (management port); undefined = tgtd's default */
  readonly tgtControl: number | undefined;
  /** every generation of every master image found (the newest is current) */
  readonly masters: readonly MasterSpec[];
  readonly overlays: readonly OverlaySpec[];
}

/** What the runner found on the machine; the planners skip what is already in place. */
export interface ObservedState {
  /** paths that exist among the ones a layout names */
  readonly files: ReadonlySet<string>;
  /** pid files whose process is alive */
  readonly livePids: ReadonlySet<string>;
  /** paths that are FUSE mount points */
  readonly mounts: ReadonlySet<string>;
  /** tgt targets by tid */
  readonly targets: ReadonlyMap<number, TgtTarget>;
  /** loop devices by backing file */
  readonly loops: ReadonlyMap<string, string>;
  /** dm devices by name with their `dmsetup status` line */
  readonly dm: ReadonlyMap<string, string>;
  /** master files that still have a write permission bit */
  readonly writable: ReadonlySet<string>;
  /** parent records of existing overlays, by overlay name */
  readonly parents: ReadonlyMap<string, ParentRecord>;
}

export interface TgtTarget {
  readonly tid: number;
  readonly iqn: string;
  readonly luns: readonly { readonly lun: number; readonly path: string }[];
  /** I_T nexus count: initiators logged in */
  readonly sessions: number;
}

export const EMPTY_STATE: ObservedState = {
  files: new Set(),
  livePids: new Set(),
  mounts: new Set(),
  targets: new Map(),
  loops: new Map(),
  dm: new Map(),
  writable: new Set(),
  parents: new Map(),
};
