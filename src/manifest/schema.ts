// The written form of site.yaml v1 (DESIGN.md "site.yaml"): everything a user may write, with its
// shorthands. Validated by zod; `bootgen schema` prints it as JSON Schema for editors.
// Meaning-level checks (references, cycles, MACs, paths) are model rules, not schema.
import * as z from 'zod';

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const SIZE_RE = /^\d+(\.\d+)?\s*(B|[KMGT]i?B?)?$/;

export const Id = z.string().regex(ID_RE, { error: 'an id: letters, digits, ".", "_" or "-", starting with a letter or digit' });
const Text = z.string().min(1, { error: 'a non-empty text' });
const Lines = z.union([z.string(), z.array(z.string())]).describe('one line or a list of lines, passed through verbatim');
const Firmware = z.array(z.enum(['bios', 'uefi'])).min(1, { error: 'at least one firmware' });
const Size = z
  .union([z.string().regex(SIZE_RE, { error: 'a size such as 256MiB, 2GiB or a byte count' }), z.int().positive()])
  .describe('bytes, or a size with a unit: 512KiB, 256MiB, 2GiB (binary), 2GB (decimal)');

const ImageObject = z.strictObject({
  path: Text.describe('relative to site.yaml; may not leave its directory'),
  parent: Id.optional().describe('image id of the parent (must agree with the image header)'),
});
export const WrittenImageSchema = z.union([Text.describe('the image path (shorthand for {path: …})'), ImageObject]);

export interface WrittenSnapshotEntry {
  title: string;
  disk: string;
  entries?: WrittenSnapshotEntry[] | undefined;
}
const SnapshotEntry: z.ZodType<WrittenSnapshotEntry> = z.strictObject({
  title: Text,
  disk: Id.describe('image id of this snapshot\'s child disk'),
  get entries() {
    return z.array(SnapshotEntry).optional();
  },
});

const Snapshot = z.strictObject({
  path: Text.optional().describe('child path VBoot creates (GRUB path syntax); default chosen by VBoot'),
  title: Text.optional().describe('title of the new snapshot entry'),
  entries: z.array(SnapshotEntry).optional().describe('snapshots already taken, nested'),
  restore: z.boolean().optional(),
});

const Windows = z.strictObject({
  drive: z.string().regex(/^[A-Za-z]:$/, { error: 'a drive letter such as C:' }).optional(),
  'system-root': Text.optional().describe('default \\Windows'),
  locale: Text.optional().describe('default en-US'),
});

const Linux = z.strictObject({
  from: Id.optional().describe('image id of an ISO holding the kernel and initrds'),
  kernel: Text,
  initrd: z.union([Text, z.array(Text)]).optional(),
  args: z.string().optional(),
});

export const WrittenEntrySchema = z.strictObject({
  id: Id,
  title: Text,
  disk: Id.optional().describe('image id of the top of the chain to boot'),
  cdrom: Id.optional(),
  floppy: Id.optional(),
  'floppy-b': Id.optional(),
  boot: z.enum(['harddisk', 'cdrom', 'floppy']).optional(),
  session: z.enum(['persistent', 'immutable', 'snapshot']).optional(),
  snapshot: Snapshot.optional(),
  'parent-dir': Text.optional(),
  'recover-mbr': z.boolean().optional(),
  pause: z.boolean().optional(),
  windows: Windows.optional().describe('boot this disk through bootmgr + BCD (Windows native VHD boot)'),
  linux: Linux.optional(),
  config: Text.optional().describe('the ISO\'s own GRUB config for a cdrom-only entry (default /boot/grub/loopback.cfg)'),
  wim: Text.optional().describe('boot.wim path relative to site.yaml (WinPE)'),
  grub: Lines.optional(),
  vboot: Lines.optional(),
  ipxe: Lines.optional(),
});

const HostName = z.string().regex(/^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/, {
  error: 'a host name: letters, digits and "-", at most 63 characters (RFC 1123)',
});

export const WrittenMachineSchema = z.strictObject({
  name: HostName,
  mac: z.string().describe('e.g. "52:54:00:12:34:56" (quote it)'),
  entries: z.array(Id).optional().describe('entry ids in menu order; default all'),
  default: Id.optional(),
  ip: z.ipv4({ error: 'an IPv4 address' }).optional().describe('fixed address; default: the next free one of network.dhcp.subnet'),
  san: z.enum(['iscsi', 'aoe', 'http']).optional().describe("how this machine's disk entries are exported; default network.san"),
});

const Network = z.strictObject({
  server: z.ipv4({ error: 'an IPv4 address' }),
  http: z.url({ protocol: /^https?$/, error: 'an http:// or https:// URL' }).optional(),
  san: z.enum(['iscsi', 'aoe', 'http']).optional(),
  dhcp: z.strictObject({
    mode: z.enum(['full', 'proxy']).optional(),
    subnet: z.cidrv4({ error: 'an IPv4 subnet such as 10.0.0.0/24' }),
    range: z.tuple([z.ipv4({ error: 'an IPv4 address' }), z.ipv4({ error: 'an IPv4 address' })]).optional(),
  }),
  overlays: z
    .strictObject({
      engine: z.enum(['dm-snapshot', 'qcow2']).optional(),
      dir: Text.optional(),
      chunk: z.int().min(1).max(2048).optional().describe('dm-snapshot chunk size in 512-byte sectors'),
      export: z.enum(['tgt', 'vblade']).optional(),
    })
    .optional(),
  'aoe-shelf': z.int().min(0).max(65534).optional(),
  iface: Text.optional(),
  root: Text.optional().describe('where the out dir is deployed on the server; default the parent of overlays.dir'),
});

const Media = z.strictObject({
  usb: z
    .strictObject({
      size: Size.optional(),
      table: z.enum(['gpt', 'mbr', 'hybrid']).optional(),
      firmware: Firmware.optional(),
      'secure-boot': z.boolean().optional(),
      label: Text.optional(),
      dialect: z.enum(['grub', 'vboot']).optional(),
      data: z
        .strictObject({
          fs: z.enum(['ntfs', 'exfat']),
          size: z.union([z.literal('rest'), Size]).optional().describe('the data partition: a size, or rest (default): what the ESP leaves'),
          label: Text.optional(),
        })
        .optional()
        .describe('a second partition for images, ISOs and WIMs: files over 4 GiB, Windows native VHD boot (ntfs)'),
      esp: Size.optional().describe('ESP size when a data partition takes the rest; default 256MiB'),
    })
    .optional(),
  iso: z.strictObject({ label: Text.optional(), firmware: Firmware.optional() }).optional(),
  pxe: z.strictObject({}).optional(),
});

const Loaders = z
  .object({
    vboot: z.strictObject({ loader: Text, core: Text }).optional(),
    windows: z.strictObject({ bootmgr: Text.optional(), bootmgfw: Text.optional(), 'boot.sdi': Text.optional() }).optional(),
  })
  .catchall(Text)
  .describe('loader overrides; other keys name one loader file each (e.g. shim: /path/shimx64.efi.signed)');

const Menu = z.strictObject({
  title: Text.optional(),
  timeout: z.int().min(0).max(86400).optional(),
  default: Id.optional(),
  serial: z.strictObject({ unit: z.int().min(0).max(3).optional(), speed: z.int().positive().optional() }).optional(),
});

export const WrittenSiteSchema = z
  .strictObject({
    bootgen: z.literal(1, { error: 'bootgen: 1 (the only manifest version)' }).optional(),
    site: z.string().regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, {
      error: 'a site name: lower-case letters, digits and "-" (used in labels, IQNs and file names)',
    }),
    epoch: z
      .union([z.iso.datetime({ offset: true }), z.iso.date(), z.int().nonnegative()], {
        error: 'an ISO 8601 date/time such as 2026-01-01T00:00:00Z, or seconds since 1970',
      })
      .optional(),
    menu: Menu.optional(),
    images: z.record(Id, WrittenImageSchema).optional(),
    entries: z.array(WrittenEntrySchema).min(1, { error: 'at least one entry' }),
    machines: z.array(WrittenMachineSchema).optional(),
    network: Network.optional(),
    media: Media.optional(),
    loaders: Loaders.optional(),
  })
  .describe('bootgen site manifest, version 1');

export type WrittenSite = z.infer<typeof WrittenSiteSchema>;
export type WrittenEntry = z.infer<typeof WrittenEntrySchema>;
export type WrittenImage = z.infer<typeof WrittenImageSchema>;
export type WrittenMachine = z.infer<typeof WrittenMachineSchema>;
