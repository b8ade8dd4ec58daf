// A small BIOS-bootable master disk for SAN-boot tests, made at test time with Debian tools and
// the media area's GRUB embedding: MBR + FAT16 partition at 1 MiB holding /boot/grub/{grub.cfg,
// grubenv}; core.img (grub-mkimage -O i386-pc) in the gap after the MBR. Its grub.cfg remembers a
// first boot in grubenv (save_env rewrites the file's blocks in place, so the write reaches the
// SAN disk through iPXE's INT13 hook) and prints SAN-MARK-FIRST, later SAN-MARK-SEEN.
import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { patchBootImg, patchCoreImg } from '../../src/media/grub-embed.js';
import { run } from '../helpers/oracle.js';

export const SAN_GRUB_CFG = [
  'serial --unit=0 --speed=115200',
  'terminal_input serial console',
  'terminal_output serial console',
  'load_env',
  'if [ -n "$seen" ]; then echo SAN-MARK-SEEN; else set seen=1; save_env seen; echo SAN-MARK-FIRST; fi',
  'halt',
  '',
].join('\n');

const MODULES = ['biosdisk', 'part_msdos', 'fat', 'normal', 'echo', 'loadenv', 'test', 'serial', 'terminal', 'halt', 'configfile'];

function must(r: ReturnType<typeof run>, what: string): void {
  if (r.status !== 0) throw new Error(`${what}: ${r.stderr || r.stdout}`);
}

/** Writes `path` (raw, 32 MiB) and returns it. */
export function buildSanDisk(options: { dir: string; path: string }): string {
  const { dir, path } = options;
  must(run('truncate', ['-s', '32M', path]), 'truncate');
  must(run('sfdisk', ['--quiet', path], { input: 'label: dos\nstart=2048, type=6, bootable\n' }), 'sfdisk');
  must(run('mkfs.fat', ['-F', '16', '--offset', '2048', '-n', 'SANMASTER', path, String((32 * 1024 - 1024))]), 'mkfs.fat');
  const cfg = join(dir, 'grub.cfg');
  writeFileSync(cfg, SAN_GRUB_CFG);
  const env = join(dir, 'grubenv');
  must(run('grub-editenv', [env, 'create']), 'grub-editenv');
  const img = `${path}@@1M`;
  must(run('mmd', ['-i', img, '::/boot', '::/boot/grub']), 'mmd');
  must(run('mcopy', ['-i', img, cfg, env, '::/boot/grub/']), 'mcopy');
  const core = join(dir, 'core.img');
  must(run('grub-mkimage', ['-O', 'i386-pc', '-d', '/usr/lib/grub/i386-pc', '-o', core, '-p', '(hd0,msdos1)/boot/grub', ...MODULES]), 'grub-mkimage');
  const fd = openSync(path, 'r+');
  try {
    writeSync(fd, patchBootImg(new Uint8Array(readFileSync('/usr/lib/grub/i386-pc/boot.img')), 1), 0, 440, 0);
    const patched = patchCoreImg(new Uint8Array(readFileSync(core)), 1);
    if (patched.length > 2047 * 512) throw new Error('core.img does not fit before the partition');
    writeSync(fd, patched, 0, patched.length, 512);
  } finally {
    closeSync(fd);
  }
  return path;
}
