// VMDK text descriptor (image-formats.md §3.2): line-anchored `key=value` pairs, extent lines
// `ACCESS SECTORS TYPE "FILE" [OFFSET]`, and `ddb.*` entries. Parsed line by line (QEMU's
// strstr() lookups match "CID" inside "parentCID"; this does not).
import type { Findings } from '../image-findings.js';
import type { VmdkExtentRef } from '../image-header.js';

export interface VmdkDescriptor {
  readonly version: number | undefined;
  readonly cid: string | undefined;
  readonly parentCid: string | undefined;
  readonly createType: string | undefined;
  readonly parentFileNameHint: string | undefined;
  readonly extents: readonly VmdkExtentRef[];
  readonly ddb: Readonly<Record<string, string>>;
}

export const NO_PARENT_CID = 'ffffffff';
const MAX_EXTENTS = 4096;
const EXTENT = /^(RW|RDONLY|NOACCESS)\s+(\d+)\s+([A-Za-z]+)(?:\s+"([^"]*)"(?:\s+(\d+))?)?\s*$/;

export function parseVmdkDescriptor(text: string, findings: Findings, base: number): VmdkDescriptor {
  const keys: Record<string, string> = {};
  const ddb: Record<string, string> = {};
  const extents: VmdkExtentRef[] = [];
  let offset = base;
  for (const rawLine of text.split('\n')) {
    const lineAt = offset;
    offset += rawLine.length + 1;
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const ext = EXTENT.exec(line);
    if (ext) {
      if (extents.length >= MAX_EXTENTS) continue;
      extents.push({ access: ext[1] ?? '', sectors: Number(ext[2]), type: (ext[3] ?? '').toUpperCase(), file: ext[4] });
      continue;
    }
    const eq = line.indexOf('=');
    if (eq <= 0) {
      findings.add('format/vmdk-descriptor', 'warning', 'VMDK descriptor line is neither key=value nor an extent', { offset: lineAt, field: 'vmdk.descriptor', found: line.slice(0, 80) });
      continue;
    }
    const key = line.slice(0, eq).trim();
    const value = unquote(line.slice(eq + 1).trim(), findings, lineAt);
    (key.startsWith('ddb.') ? ddb : keys)[key] = value;
  }
  const version = keys.version !== undefined ? Number(keys.version) : undefined;
  return {
    version: Number.isInteger(version) ? version : undefined,
    cid: hex32(keys.CID),
    parentCid: hex32(keys.parentCID),
    createType: keys.createType,
    parentFileNameHint: keys.parentFileNameHint,
    extents,
    ddb,
  };
}

function unquote(v: string, findings: Findings, lineAt: number): string {
  if (!v.startsWith('"')) return v;
  if (v.length >= 2 && v.endsWith('"')) return v.slice(1, -1);
  findings.add('format/vmdk-descriptor', 'warning', 'unterminated quoted value in VMDK descriptor', { offset: lineAt, field: 'vmdk.descriptor', found: v.slice(0, 80) });
  return v.slice(1);
}

function hex32(v: string | undefined): string | undefined {
  return v !== undefined && /^[0-9a-fA-F]{1,8}$/.test(v) ? v.toLowerCase().padStart(8, '0') : undefined;
}

export interface DescriptorFields {
  readonly cid: string;
  readonly parentCid: string;
  readonly createType: string;
  readonly parentFileNameHint?: string;
  readonly extents: readonly VmdkExtentRef[];
  readonly cylinders: number;
}

/** The descriptor text QEMU writes for a monolithicSparse image (§3.2 example). */
export function formatVmdkDescriptor(d: DescriptorFields): string {
  const lines = ['# Disk DescriptorFile', 'version=1', `CID=${d.cid}`, `parentCID=${d.parentCid}`, `createType="${d.createType}"`];
  if (d.parentFileNameHint !== undefined) lines.push(`parentFileNameHint="${d.parentFileNameHint}"`);
  lines.push('# Extent description');
  for (const e of d.extents) lines.push(`${e.access} ${e.sectors} ${e.type} "${e.file ?? ''}"`);
  lines.push('', '# The Disk Data Base', '#DDB', '');
  lines.push('ddb.virtualHWVersion = "4"', `ddb.geometry.cylinders = "${d.cylinders}"`, 'ddb.geometry.heads = "16"', 'ddb.geometry.sectors = "63"');
  lines.push('ddb.adapterType = "ide"', '');
  return lines.join('\n');
}
