// Test helper: boots an image in QEMU (KVM when /dev/kvm is usable, else TCG) and watches the
// serial console for a marker (boot-media.md §8). Always bounded by a timeout.
import { spawn } from 'node:child_process';
import { accessSync, constants, copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export type Firmware = 'seabios' | 'ovmf' | 'ovmf-secureboot';
export type DriveKind = 'ide' | 'cdrom' | 'usb' | 'virtio';

export interface BootOptions {
  readonly firmware: Firmware;
  readonly image: string;
  readonly as: DriveKind;
  readonly marker: string;
  readonly timeoutMs?: number;
  /** extra text that must also appear after the marker (e.g. a kernel's init output) */
  readonly memoryMb?: number;
}

export interface BootResult {
  readonly found: boolean;
  readonly seconds: number;
  readonly log: string;
}

export const OVMF = {
  code: '/usr/share/OVMF/OVMF_CODE_4M.fd',
  vars: '/usr/share/OVMF/OVMF_VARS_4M.fd',
  codeSecure: '/usr/share/OVMF/OVMF_CODE_4M.ms.fd',
  varsMs: '/usr/share/OVMF/OVMF_VARS_4M.ms.fd',
} as const;

// A boot sector that runs `fninit`, writes 'K' to COM1 and halts: proves KVM really runs guests
// here (nested or mismatched hosts expose /dev/kvm yet crash on FPU instructions, as GRUB's first).
const PROBE = Uint8Array.of(0x9b, 0xdb, 0xe3, 0xba, 0xf8, 0x03, 0xb0, 0x4b, 0xee, 0xfa, 0xf4);
let accel: Promise<'kvm' | 'tcg'> | undefined;

/** 'kvm' when /dev/kvm is usable and boots the probe; else 'tcg'. BOOTGEN_QEMU_ACCEL overrides. */
export function qemuAccel(): Promise<'kvm' | 'tcg'> {
  const forced = process.env.BOOTGEN_QEMU_ACCEL;
  if (forced === 'kvm' || forced === 'tcg') return Promise.resolve(forced);
  accel ??= probeKvm();
  return accel;
}

async function probeKvm(): Promise<'kvm' | 'tcg'> {
  try {
    accessSync('/dev/kvm', constants.R_OK | constants.W_OK);
  } catch {
    return 'tcg';
  }
  const dir = mkdtempSync(join(tmpdir(), 'bootgen-kvm-'));
  const img = join(dir, 'probe.img');
  const sector = new Uint8Array(512);
  sector.set(PROBE);
  sector[510] = 0x55;
  sector[511] = 0xaa;
  writeFileSync(img, sector);
  const r = await runUntil(['-accel', 'kvm', '-machine', 'pc', '-m', '64', '-display', 'none', '-serial', 'stdio', '-monitor', 'none', '-net', 'none', '-drive', `file=${img},format=raw,if=ide`], 'K', 5000);
  rmSync(dir, { recursive: true, force: true });
  return r.found ? 'kvm' : 'tcg';
}

function driveArgs(image: string, as: DriveKind): string[] {
  switch (as) {
    case 'cdrom':
      return ['-drive', `file=${image},format=raw,media=cdrom,readonly=on,if=none,id=cd`, '-device', 'ide-cd,drive=cd,bus=ide.1'];
    case 'usb':
      return ['-drive', `file=${image},format=raw,if=none,id=s,snapshot=on`, '-device', 'qemu-xhci', '-device', 'usb-storage,drive=s'];
    case 'virtio':
      return ['-drive', `file=${image},format=raw,if=virtio,snapshot=on`];
    case 'ide':
      return ['-drive', `file=${image},format=raw,if=ide,snapshot=on`];
  }
}

function firmwareArgs(fw: Firmware, dir: string): string[] {
  if (fw === 'seabios') return ['-machine', 'pc'];
  const vars = join(dir, 'vars.fd');
  copyFileSync(fw === 'ovmf' ? OVMF.vars : OVMF.varsMs, vars);
  const code = fw === 'ovmf' ? OVMF.code : OVMF.codeSecure;
  const machine = fw === 'ovmf' ? ['-machine', 'q35'] : ['-machine', 'q35,smm=on', '-global', 'driver=cfi.pflash01,property=secure,value=on'];
  return [...machine, '-drive', `if=pflash,format=raw,unit=0,readonly=on,file=${code}`, '-drive', `if=pflash,format=raw,unit=1,file=${vars}`];
}

export async function bootQemu(o: BootOptions): Promise<BootResult> {
  const dir = mkdtempSync(join(tmpdir(), 'bootgen-qemu-'));
  const args = [
    '-accel', await qemuAccel(),
    ...firmwareArgs(o.firmware, dir),
    '-m', String(o.memoryMb ?? 512),
    '-display', 'none', '-no-reboot', '-serial', 'stdio', '-monitor', 'none', '-net', 'none',
    ...driveArgs(o.image, o.as),
  ];
  const timeout = o.timeoutMs ?? 90_000;
  // under KVM a boot takes seconds; a stuck flaky-KVM run gives up early and retries under TCG
  let r = await runUntil(args, o.marker, args[1] === 'kvm' ? Math.min(timeout, 20_000) : timeout);
  if (!r.found && args[1] === 'kvm') {
    // a flaky KVM host must not fail the medium: retry under TCG, and stay on TCG from now on
    args[1] = 'tcg';
    accel = Promise.resolve('tcg');
    r = await runUntil(args, o.marker, timeout);
  }
  rmSync(dir, { recursive: true, force: true });
  return r;
}

/** Runs QEMU until `marker` shows on its output, it exits, or the timeout; then kills it. */
async function runUntil(args: readonly string[], marker: string, timeoutMs: number): Promise<BootResult> {
  const start = Date.now();
  const child = spawn('qemu-system-x86_64', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const found = await new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    const onData = (b: Buffer): void => {
      log += b.toString('latin1');
      // the whole marker line, not just its start
      const at = log.indexOf(marker);
      if (at >= 0 && log.indexOf('\n', at) >= 0) {
        clearTimeout(timer);
        resolve(true);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve(log.includes(marker));
    });
  });
  const seconds = (Date.now() - start) / 1000;
  child.kill('SIGKILL');
  return { found, seconds, log };
}
