// `bootgen image create`: a base image or a differencing child of an existing image, as a sparse
// layout (io/ writes it). Children record the parent the way each format's own tools do.
import { stableGuid } from '../binary/stable-id.js';
import { diag, type Diagnostic, type Result } from '../diagnostics/diagnostic.js';
import type { ImageHeader, ImageLayout } from '../formats/image-header.js';
import { QEMU_FORMAT } from '../formats/detect.js';
import { createQcow2 } from '../formats/qcow2/create-qcow2.js';
import { createVhd, createVhdChild } from '../formats/vhd/create-vhd.js';
import { createVmdk } from '../formats/vmdk/create-vmdk.js';
import { openImage } from './open-image.js';
import { baseOf, dirOf, relativePath, resolvePath } from './paths.js';
import type { FileSource } from './types.js';

export const CREATE_FORMATS = ['vhd', 'vmdk', 'qcow2'] as const;
export type CreateFormat = (typeof CREATE_FORMATS)[number];

export interface ImageCreateRequest {
  readonly file: string;
  readonly format: CreateFormat;
  readonly sizeBytes?: number;
  readonly parent?: string;
  readonly type: 'fixed' | 'dynamic';
  /** identity of the new image; derived from `seed` when absent */
  readonly uuid?: string;
  /** Unix seconds written as creation time */
  readonly timestamp: number;
  /** makes derived identities reproducible (e.g. SOURCE_DATE_EPOCH) */
  readonly seed: string;
  /** W2ku is written relative to this root (`\images\base.vhd`) instead of the full path */
  readonly locatorRoot?: string;
}

export interface PlannedImage {
  readonly layout: ImageLayout;
  readonly format: CreateFormat;
  readonly virtualSize: number;
  readonly identity: string;
  readonly parent?: string;
}

const fail = (message: string, extra: Omit<Diagnostic, 'code' | 'severity' | 'message'> = {}): Result<undefined> => ({
  value: undefined,
  diagnostics: [diag('cli/image-create', 'error', message, extra)],
});

export async function planImage(req: ImageCreateRequest, source: FileSource): Promise<Result<PlannedImage | undefined>> {
  const uuid = req.uuid ?? stableGuid(`bootgen:${req.seed}:${baseOf(req.file)}`);
  if (req.parent === undefined) {
    const size = req.sizeBytes;
    if (size === undefined || size <= 0 || size % 512 !== 0) return fail('--size must be a positive multiple of 512 bytes', { found: `${size}` });
    return { value: { layout: baseLayout(req, size, uuid), format: req.format, virtualSize: size, identity: identityOf(req.format, uuid) }, diagnostics: [] };
  }
  const stat = await source.stat(req.parent);
  if (!stat?.isFile) return fail(`parent ${req.parent} not found`, { origin: { file: req.parent } });
  const opened = await openImage(source, req.parent, req.parent);
  const parent = opened.header;
  if (!parent || opened.diagnostics.some((d) => d.severity === 'error')) {
    return { value: undefined, diagnostics: [...opened.diagnostics, ...fail(`parent ${req.parent} is not a valid image`).diagnostics] };
  }
  if (req.sizeBytes !== undefined && req.sizeBytes !== parent.virtualSize) return fail('--size and --parent disagree: a child has its parent\'s size', { expected: `${parent.virtualSize}`, found: `${req.sizeBytes}` });
  const layout = childLayout(req, parent, uuid, stat.mtime);
  if (!layout.value) return { value: undefined, diagnostics: layout.diagnostics };
  return { value: { layout: layout.value, format: req.format, virtualSize: parent.virtualSize, identity: identityOf(req.format, uuid), parent: req.parent }, diagnostics: opened.diagnostics };
}

const cidOf = (uuid: string): string => uuid.replace(/-/g, '').slice(0, 8);
const identityOf = (format: CreateFormat, uuid: string): string => (format === 'vmdk' ? cidOf(uuid) : format === 'vhd' ? uuid : '');

function baseLayout(req: ImageCreateRequest, size: number, uuid: string): ImageLayout {
  if (req.format === 'vhd') return createVhd({ type: req.type, sizeBytes: size, uniqueId: uuid, timestamp: req.timestamp });
  if (req.format === 'vmdk') return createVmdk({ sizeBytes: size, cid: cidOf(uuid), fileName: baseOf(req.file) });
  return createQcow2({ sizeBytes: size });
}

function childLayout(req: ImageCreateRequest, parent: ImageHeader, uuid: string, parentMtime: number): Result<ImageLayout | undefined> {
  const parentPath = req.parent ?? '';
  const rel = relativePath(dirOf(resolvePath(req.file)), resolvePath(parentPath));
  if (req.format === 'qcow2') {
    return { value: createQcow2({ sizeBytes: parent.virtualSize, backingFile: rel, backingFormat: QEMU_FORMAT[parent.format] }), diagnostics: [] };
  }
  if (req.format !== parent.format) return fail(`a ${req.format} child needs a ${req.format} parent; ${parentPath} is ${parent.format}`);
  if (req.format === 'vmdk') {
    const cid = parent.identity?.value;
    if (cid === undefined) return fail(`parent ${parentPath} has no CID`);
    return { value: createVmdk({ sizeBytes: parent.virtualSize, cid: cidOf(uuid), fileName: baseOf(req.file), parent: { cid, fileNameHint: rel } }), diagnostics: [] };
  }
  const id = parent.identity?.value;
  if (id === undefined) return fail(`parent ${parentPath} has no Unique Id`);
  const abs = resolvePath(parentPath);
  const root = req.locatorRoot !== undefined ? resolvePath(req.locatorRoot) : undefined;
  const absolute = root !== undefined ? `/${relativePath(root, abs)}` : abs;
  const win = (p: string): string => p.replace(/\//g, '\\');
  return {
    value: createVhdChild({
      uniqueId: uuid,
      timestamp: req.timestamp,
      parent: { uniqueId: id, sizeBytes: parent.virtualSize, mtime: Math.floor(parentMtime), relativePath: win(rel.startsWith('.') ? rel : `./${rel}`), absolutePath: win(absolute) },
    }),
    diagnostics: [],
  };
}
