// The checks on one child → parent link (issue 3 "Checks"; image-formats.md §0 generic checks
// 3–6): identity, parent modified, virtual size, recorded backing format.
import { diag, type Diagnostic, type Severity } from '../diagnostics/diagnostic.js';
import { QEMU_FORMAT } from '../formats/detect.js';
import type { ImageFormat, ImageHeader, ParentRef } from '../formats/image-header.js';
import type { FileStat } from './types.js';

export interface LinkSide {
  readonly file: string;
  readonly header: ImageHeader;
  readonly stat: FileStat;
}

/** Which field of the child holds the parent identity, for messages. */
const IDENTITY_FIELD: Partial<Record<ImageFormat, string>> = {
  vhd: 'vhd.dynamic-header.parentUniqueId',
  vhdx: 'vhdx.parent-locator.parent_linkage',
  vmdk: 'vmdk.descriptor.parentCID',
  vdi: 'vdi.header.uuidLinkage',
};

/** qemu-img format names that mean the same reader. */
const FORMAT_ALIASES: Record<string, ImageFormat> = { vpc: 'vhd', vhd: 'vhd', vhdx: 'vhdx', vmdk: 'vmdk', vdi: 'vdi', qcow2: 'qcow2', raw: 'raw', iso: 'iso' };

export function checkLink(child: LinkSide, parent: LinkSide, options: { mtimeSlack: number }): Diagnostic[] {
  const ref = child.header.parent;
  if (!ref) return [];
  const out: Diagnostic[] = [];
  const add = (code: string, severity: Severity, message: string, field: string | undefined, expected: string, found: string, hint?: string): void => {
    out.push(diag(code, severity, message, { expected, found, origin: { file: child.file, ...(field ? { field } : {}) }, ...(hint ? { hint } : {}) }));
  };
  const pid = parent.header.identity;
  if (ref.identity.length > 0 && pid && !ref.identity.some((id) => id.toLowerCase() === pid.value.toLowerCase())) {
    add('chain/identity-mismatch', 'error', `parent ${parent.file} is not the image this child was made from`, IDENTITY_FIELD[child.header.format], ref.identity.join(' or '), `${pid.value} (${pid.kind} of ${parent.file})`, 'the parent was replaced or re-created; restore the original parent or recreate the child');
  }
  checkModified(child, parent, ref, options.mtimeSlack, add);
  checkSize(child, parent, add);
  const recorded = ref.format ?? (['vhd', 'vdi', 'vhdx'].includes(child.header.format) ? child.header.format : undefined);
  const actual = parent.header.format;
  if (recorded !== undefined && FORMAT_ALIASES[recorded] !== actual && !(recorded === 'raw' && actual === 'iso')) {
    add('chain/backing-format-mismatch', 'error', `the child records its parent as ${recorded}, but ${parent.file} is ${actual}`, child.header.format === 'qcow2' ? 'qcow2.extension.backing-format' : undefined, recorded, actual, `qemu-img rebase -u -b <parent> -F ${QEMU_FORMAT[actual]} <child>`);
  }
  return out;
}

type Add = (code: string, severity: Severity, message: string, field: string | undefined, expected: string, found: string, hint?: string) => void;

function checkModified(child: LinkSide, parent: LinkSide, ref: ParentRef, slack: number, add: Add): void {
  if (ref.modify !== undefined && parent.header.identity?.modify !== undefined && ref.modify !== parent.header.identity.modify) {
    add('chain/parent-modified', 'warning', `parent ${parent.file} was modified after this child was made`, 'vdi.header.uuidParentModify', ref.modify, parent.header.identity.modify);
  }
  if (ref.timestamp !== undefined) {
    // Parent Time Stamp is the parent's mtime when linked (§1.7). Copies move mtimes too, so only a
    // parent newer than both the recorded stamp and the child's own last write is reported.
    const mtime = Math.floor(parent.stat.mtime);
    if (mtime > Math.max(ref.timestamp, child.stat.mtime) + slack) {
      add('chain/parent-modified', 'warning', `parent ${parent.file} was written after this child was made (Parent Time Stamp)`, 'vhd.dynamic-header.parentTimestamp', new Date(ref.timestamp * 1000).toISOString(), new Date(mtime * 1000).toISOString(), 'if only copied, `touch -d @<Parent Time Stamp>` the parent');
    }
  }
}

function checkSize(child: LinkSide, parent: LinkSide, add: Add): void {
  const c = child.header.virtualSize;
  const p = parent.header.virtualSize;
  if (c === p || parent.header.format === 'raw' || parent.header.format === 'iso') return;
  // QEMU accepts qcow2 children of another size (the tail reads as zeros); VMware, VirtualBox and Hyper-V do not.
  const severity: Severity = child.header.format === 'qcow2' ? 'warning' : 'error';
  add('chain/size-mismatch', severity, `virtual size differs from parent ${parent.file}`, undefined, `${p} bytes (parent)`, `${c} bytes`);
}
