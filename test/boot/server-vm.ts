// A QEMU server VM for the dm-snapshot engine (this machine's kernel has no device-mapper; Debian's
// guest kernel has dm-mod, dm-snapshot and loop as modules). Built at test time from Debian
// packages into a temp dir, never committed (recipe: shared/reference/server-vm.md):
// - an initramfs with busybox, dmsetup, util-linux losetup, vblade, tgtd/tgtadm, qemu-img,
//   start-stop-daemon, every library ldd names (+ libgcc_s, which glibc dlopen()s) and the kernel
//   modules they need with their modules.dep closure;
// - a read-only tools disk (/opt) carrying Node and the built bootgen (bin, dist, templates, the
//   production node_modules, and the same CLI bundled into one module, which starts 5x faster
//   under TCG), so bootgen itself runs the overlay commands inside the VM;
// - a data disk (/srv, ext4 via mke2fs -d) with the sites, masters and overlay stores.
// The VM boots under TCG with its console (ttyS0) in a log file; commands go over a second serial
// port (ttyS1, raw) to a small agent, base64-framed both ways and each bounded by a time limit, so
// a hang fails fast with the console tail in the message.
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { findOracle, run, type Oracle } from '../helpers/oracle.js';

export const REPO = resolve(import.meta.dirname, '../..');
export const IPXE_LKRN = '/usr/lib/ipxe/ipxe.lkrn';
const ESBUILD = join(REPO, 'node_modules/.bin/esbuild');
/** bootgen inside the VM: the built CLI (bin/bootgen.js + dist/) bundled, run by the VM's node */
export const VM_BOOTGEN = 'node /opt/bootgen/bootgen.mjs';

/** The Debian kernel version under /lib/modules (linux-image-amd64). */
export function guestKernelVersion(): string | undefined {
  const versions = existsSync('/lib/modules') ? readdirSync('/lib/modules').filter((v) => v.endsWith('-amd64') && existsSync(`/boot/vmlinuz-${v}`)) : [];
  return versions.sort((a, b) => a.localeCompare(b, undefined, { numeric: true })).pop();
}

/** What the server VM and its clients need on the host, with the Debian package of each. */
export function serverVmOracles(): Oracle[] {
  const kver = guestKernelVersion();
  const tools: [string, string][] = [
    ['qemu-system-x86_64', 'qemu-system-x86'], ['qemu-img', 'qemu-utils'], ['busybox', 'busybox-static'], ['dmsetup', 'dmsetup'],
    ['vblade', 'vblade'], ['tgtd', 'tgt'], ['tgtadm', 'tgt'], ['losetup', 'util-linux'], ['start-stop-daemon', 'dpkg'], ['cpio', 'cpio'],
    ['gzip', 'gzip'], ['/usr/bin/bash', 'bash'], ['mke2fs', 'e2fsprogs'], ['ldd', 'libc-bin'], ['nsenter', 'util-linux'], ['ip', 'iproute2'],
    ['/lib/x86_64-linux-gnu/libgcc_s.so.1', 'libgcc-s1'], [IPXE_LKRN, 'ipxe'],
    [kver ? `/boot/vmlinuz-${kver}` : '/boot/vmlinuz-*-amd64', 'linux-image-amd64'],
  ];
  return tools.map(([name, pkg]) => findOracle({ name, pkg }));
}

// Guest modules (as named in modules.dep): loop, dm-snapshot (+ dm-bufio, dm-mod), virtio disk and
// NIC, ext4 (+ crc32c for metadata_csum). The closure is resolved from modules.dep at build time.
const MODULES = 'loop dm-mod dm-bufio dm-snapshot virtio_pci virtio_blk virtio_net ext4 crc32c_generic';
// bash: runs a --dry-run script verbatim with PATH's tools (busybox ash prefers its own applets)
const BINARIES = ['/usr/bin/bash', '/usr/sbin/dmsetup', '/usr/sbin/vblade', '/usr/sbin/tgtd', '/usr/sbin/tgtadm', '/usr/sbin/losetup', '/usr/sbin/start-stop-daemon', '/usr/bin/qemu-img'];

const mkinitramfs = (binaries: readonly string[]): string => `#!/bin/bash
# mkinitramfs KVER OUT INIT AGENT FILES: busybox + tools + their libraries + the module closure,
# and every path listed in FILES (files or directories, at the same path)
set -euo pipefail
KVER=$1; OUT=$2; INIT=$3; AGENT=$4; FILES=$5
R=$(mktemp -d "\${TMPDIR:-/tmp}/svm-root.XXXXXX")
trap 'rm -rf "$R"' EXIT
mkdir -p "$R"/{bin,sbin,usr/bin,usr/sbin,proc,sys,dev,run,tmp,srv,opt,etc,lib/modules/$KVER,lib64,var}
ln -s ../run "$R/var/run"
cp /bin/busybox "$R/bin/busybox"
ln -s /bin/busybox "$R/usr/bin/env"   # for #!/usr/bin/env scripts (bin/bootgen.js, which the DHCP hook runs)
# one link per applet (--list names busybox itself), except the tools copied below: util-linux
# losetup (--find --show, --json) and dpkg's start-stop-daemon, not busybox's smaller ones
REAL=" $(for b in ${binaries.join(' ')}; do printf '%s ' "\${b##*/}"; done)"
for a in $(/bin/busybox --list); do [ "$a" = busybox ] || case "$REAL" in *" $a "*) ;; *) ln -s busybox "$R/bin/$a";; esac; done
for b in ${binaries.join(' ')} /usr/bin/node; do
  [ "$b" = /usr/bin/node ] || cp -L "$b" "$R$b"          # node itself lives on the tools disk
  for lib in $(ldd "$(readlink -f "$b")" | grep -o '/[^ ]*'); do mkdir -p "$R$(dirname "$lib")"; cp -L "$lib" "$R$lib"; done
done
cp -L /lib/x86_64-linux-gnu/libgcc_s.so.1 "$R/lib/x86_64-linux-gnu/"   # dlopen()ed by glibc for pthread_cancel
while read -r f; do [ -n "$f" ] || continue; mkdir -p "$R$(dirname "$f")"; cp -rL "$f" "$R$f"; done < "$FILES"
MD=/lib/modules/$KVER
declare -A seen=(); order=()
path_of() { grep -E "(^|/)$1\\.ko(\\.[a-z]+)?:" "$MD/modules.dep" | head -1 | cut -d: -f1; }
visit() { local p=$1; [[ -n \${seen[$p]:-} ]] && return; seen[$p]=1
  local deps; deps=$(grep -E "^$p:" "$MD/modules.dep" | cut -d: -f2)
  local d; for d in $deps; do visit "$d"; done; order+=("$p"); }
for m in ${MODULES}; do p=$(path_of "$m"); [[ -n $p ]] || { echo "no module $m" >&2; exit 1; }; visit "$p"; done
: > "$R/etc/modules.order"
for p in "\${order[@]}"; do mkdir -p "$R$MD/$(dirname "$p")"; cp "$MD/$p" "$R$MD/$p"; echo "$MD/$p" >> "$R/etc/modules.order"; done
cp "$INIT" "$R/init"; chmod 755 "$R/init"
cp "$AGENT" "$R/bin/svm-agent"; chmod 755 "$R/bin/svm-agent"
chmod 755 "$R"   # mktemp made it 0700: the VM's / would shut out every daemon that drops to nobody
(cd "$R" && find . | LC_ALL=C sort | cpio -o -H newc --quiet -R 0:0) | gzip -6 > "$OUT"
`;

// PID 1: modules, /srv (data, rw), /opt (tools, ro), then the agent on ttyS1 for ever.
const INIT = `#!/bin/sh
export PATH=/opt/bin:/bin:/sbin:/usr/bin:/usr/sbin DM_DISABLE_UDEV=1 HOME=/tmp
mount -t proc proc /proc; mount -t sysfs sys /sys; mount -t devtmpfs dev /dev
mkdir -p /dev/pts /run/tgtd; mount -t devpts devpts /dev/pts
echo "BOOTGEN-INIT: reached /init (uptime $(cut -d' ' -f1 /proc/uptime)s)"
while read -r m; do insmod "$m" || echo "BOOTGEN-INIT: insmod $m failed"; done < /etc/modules.order
i=0; while [ ! -b /dev/vdb ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i+1)); done
mount -t ext4 /dev/vda /srv && echo "BOOTGEN-INIT: /srv mounted"
mount -t ext4 -o ro /dev/vdb /opt && echo "BOOTGEN-INIT: /opt mounted"
ip link set lo up
echo "BOOTGEN-INIT: ready (uptime $(cut -d' ' -f1 /proc/uptime)s)"
while :; do /bin/svm-agent; echo "BOOTGEN-INIT: agent exited $?"; sleep 1; done
`;

// The agent: "RUN <id> <base64 script>" in; "BEGIN <id>", base64 of stdout+stderr, "END <id> <rc>" out.
const AGENT = `#!/bin/sh
stty -F /dev/ttyS1 raw -echo
exec 3<>/dev/ttyS1
printf 'AGENT-READY\\n' >&3
while read -r verb id data <&3; do
  [ "$verb" = RUN ] || continue
  printf '%s' "$data" | base64 -d > /tmp/agent-cmd.sh
  sh /tmp/agent-cmd.sh </dev/null >/tmp/agent-out 2>&1 3>&-; rc=$?
  printf 'BEGIN %s\\n' "$id" >&3
  base64 /tmp/agent-out >&3
  printf 'END %s %s\\n' "$id" "$rc" >&3
done
`;

export interface ServerVmImages {
  readonly kernel: string;
  readonly initrd: string;
  /** ext4 image mounted read-only at /opt: node at /opt/bin/node, bootgen at /opt/bootgen */
  readonly tools: string;
}

/** Production dependencies of the built project, found from package.json files (hoisted layout). */
function productionPackages(root: string): string[] {
  const seen = new Set<string>();
  const visit = (pkgDir: string): void => {
    const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> };
    for (const name of Object.keys({ ...pkg.dependencies, ...pkg.optionalDependencies })) {
      const nested = join(pkgDir, 'node_modules', name);
      const dir = existsSync(nested) ? nested : join(root, 'node_modules', name);
      if (!existsSync(dir) || seen.has(dir)) continue;
      seen.add(dir);
      visit(dir);
    }
  };
  visit(root);
  return [...seen].filter((d) => d.startsWith(join(root, 'node_modules')) && !d.slice(join(root, 'node_modules').length).includes('/node_modules/'));
}

function must(r: ReturnType<typeof run>, what: string): string {
  if (r.status !== 0) throw new Error(`${what} failed (${r.status}): ${(r.stderr || r.stdout || r.error?.message || '').slice(-2000)}`);
  return r.stdout;
}

export interface ServerVmBuildOptions {
  /** more programs for the initramfs (absolute paths; their libraries come along) */
  readonly binaries?: readonly string[];
  /** files and directories copied into the initramfs at the same paths (loaders, /etc/passwd…) */
  readonly files?: readonly string[];
}

/** Builds the initramfs and the tools disk into `dir` (about 10 s). Needs `npm run build` first. */
export function buildServerVmImages(dir: string, options: ServerVmBuildOptions = {}): ServerVmImages {
  const kver = guestKernelVersion();
  if (!kver) throw new Error('no Debian kernel (linux-image-amd64) under /boot and /lib/modules');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'mkinitramfs.sh'), mkinitramfs([...BINARIES, ...(options.binaries ?? [])]));
  writeFileSync(join(dir, 'init'), INIT);
  writeFileSync(join(dir, 'svm-agent'), AGENT);
  writeFileSync(join(dir, 'files'), `${(options.files ?? []).join('\n')}\n`);
  const initrd = join(dir, 'initramfs.cpio.gz');
  must(run('bash', [join(dir, 'mkinitramfs.sh'), kver, initrd, join(dir, 'init'), join(dir, 'svm-agent'), join(dir, 'files')], { timeoutMs: 120_000 }), 'mkinitramfs');
  if (!existsSync(join(REPO, 'dist/cli/main.js')) && !existsSync(join(REPO, 'dist'))) throw new Error('dist/ is missing: run npm run build');
  const stage = join(dir, 'tools');
  mkdirSync(join(stage, 'bin'), { recursive: true });
  cpSync(process.execPath, join(stage, 'bin/node'));
  const bootgen = join(stage, 'bootgen');
  for (const part of ['bin', 'dist', 'templates', 'package.json']) cpSync(join(REPO, part), join(bootgen, part), { recursive: true });
  for (const pkg of productionPackages(REPO)) cpSync(pkg, join(bootgen, pkg.slice(REPO.length + 1)), { recursive: true });
  // The same built CLI as one ES module (esbuild, vitest's own bundler): under TCG, Node loading
  // the ~300 modules of dist/ takes 8 s per command, the bundle 1.7 s (both measured in this VM).
  must(
    run(ESBUILD, [join(REPO, 'bin/bootgen.js'), '--bundle', '--platform=node', '--format=esm', '--log-level=error', `--outfile=${join(bootgen, 'bootgen.mjs')}`,
      "--banner:js=import { createRequire as __bootgenRequire } from 'node:module'; const require = __bootgenRequire(import.meta.url);"], { timeoutMs: 120_000 }),
    'esbuild bundle of bin/bootgen.js',
  );
  const tools = join(dir, 'tools.img');
  must(run('mke2fs', ['-q', '-F', '-t', 'ext4', '-L', 'svm-tools', '-d', stage, tools, '256M'], { timeoutMs: 120_000 }), 'mke2fs tools');
  run('rm', ['-rf', stage]);
  return { kernel: `/boot/vmlinuz-${kver}`, initrd, tools };
}

/** An ext4 image of `sizeMb` holding the tree at `from` (nothing is mounted on the host). */
export function makeExt4(path: string, sizeMb: number, from?: string): string {
  must(run('mke2fs', ['-q', '-F', '-t', 'ext4', ...(from ? ['-d', from] : []), path, `${sizeMb}M`], { timeoutMs: 120_000 }), `mke2fs ${path}`);
  return path;
}

export interface ShellResult {
  readonly rc: number;
  readonly out: string;
  readonly seconds: number;
}

export interface ServerVm {
  /**
   * Runs a POSIX sh script in the VM (as root, PATH has node and bootgen's tools). Busybox's ash
   * runs its own applets before PATH (losetup, start-stop-daemon…): name /usr/sbin/… for the real
   * ones. Programs bootgen spawns go by PATH, where busybox's versions of those are left out.
   */
  sh(script: string, timeoutMs?: number): Promise<ShellResult>;
  /** like sh, but throws with the output when the script fails */
  ok(script: string, timeoutMs?: number): Promise<string>;
  /** the serial console so far (kernel messages, init markers) */
  console(): string;
  /** seconds from QEMU start until the agent answered */
  readonly bootSeconds: number;
  /** unmounts the disks and powers off (bounded), then kills QEMU if it is still there */
  stop(): Promise<void>;
  readonly pid: number | undefined;
}

export interface ServerVmOptions {
  readonly dir: string;
  readonly images: ServerVmImages;
  /** data disks after the tools disk: /dev/vda is the first (mounted at /srv), then vdc, vdd… */
  readonly data: string;
  readonly extraDisks?: readonly string[];
  /** -netdev value (id must be n0) and the server NIC's MAC */
  readonly netdev?: string;
  readonly mac?: string;
  /** argv prefix (nsenter into the test's namespace) */
  readonly prefix?: readonly string[];
  readonly bootTimeoutMs?: number;
  readonly memoryMb?: number;
}

/** Boots the server VM and waits (bounded) until its agent answers on ttyS1. */
export async function startServerVm(o: ServerVmOptions): Promise<ServerVm> {
  const consoleLog = join(o.dir, 'server-console.log');
  writeFileSync(consoleLog, '');
  // -drive order: vda = data (rw), vdb = tools (ro), then the extra disks
  const drives = [
    '-drive', `file=${o.data},format=raw,if=virtio`,
    '-drive', `file=${o.images.tools},format=raw,if=virtio,readonly=on`,
    ...(o.extraDisks ?? []).flatMap((d) => ['-drive', `file=${d},format=raw,if=virtio`]),
  ];
  const net = o.netdev ? ['-netdev', o.netdev, '-device', `virtio-net-pci,netdev=n0,mac=${o.mac ?? '52:54:00:5e:00:01'},romfile=`] : ['-nic', 'none'];
  const args = [
    '-accel', 'tcg', '-cpu', 'max', '-m', String(o.memoryMb ?? 1024), '-smp', '1', '-no-reboot', '-display', 'none', '-monitor', 'none',
    '-kernel', o.images.kernel, '-initrd', o.images.initrd, '-append', 'console=ttyS0 panic=-1 quiet',
    '-chardev', `file,id=con0,path=${consoleLog}`, '-serial', 'chardev:con0',
    '-chardev', 'stdio,id=cmd0,signal=off', '-serial', 'chardev:cmd0',
    ...drives, ...net,
  ];
  const prefix = o.prefix ?? [];
  const child = spawn(prefix[0] ?? 'qemu-system-x86_64', [...prefix.slice(1), ...(prefix.length ? ['qemu-system-x86_64'] : []), ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  const t0 = Date.now();
  let out = '';
  let stderr = '';
  let exited: string | undefined;
  const waiters = new Set<() => void>();
  const wake = (): void => waiters.forEach((w) => w());
  child.stdout.on('data', (b: Buffer) => ((out += b.toString('latin1')), wake()));
  child.stderr.on('data', (b: Buffer) => ((stderr += b.toString()), wake()));
  child.on('exit', (code, signal) => ((exited = `QEMU exited (${code ?? signal})`), wake()));
  child.stdin.on('error', () => undefined);
  const consoleText = (): string => (existsSync(consoleLog) ? readFileSync(consoleLog, 'latin1') : '');
  const failure = (why: string): Error => new Error(`server VM: ${why}\n--- console (tail) ---\n${consoleText().slice(-3000)}\n--- qemu stderr ---\n${stderr.slice(-1000)}`);

  /** Waits until `test` finds something in the agent's output, bounded by `ms`. */
  function waitOut<T>(test: () => T | undefined, ms: number, what: string): Promise<T> {
    return new Promise((resolveWait, reject) => {
      const check = (): void => {
        const v = test();
        if (v !== undefined) return done(() => resolveWait(v));
        if (exited) return done(() => reject(failure(`${exited} while waiting for ${what}`)));
      };
      const timer = setTimeout(() => done(() => reject(failure(`no ${what} within ${ms / 1000} s`))), ms);
      const done = (f: () => void): void => {
        clearTimeout(timer);
        waiters.delete(check);
        f();
      };
      waiters.add(check);
      check();
    });
  }

  try {
    await waitOut(() => (out.includes('AGENT-READY\n') ? true : undefined), o.bootTimeoutMs ?? 120_000, 'AGENT-READY from the VM');
  } catch (e) {
    await killQemu(child); // a VM that never came up is not left behind
    throw e;
  }
  const bootSeconds = (Date.now() - t0) / 1000;
  let seq = 0;
  let queue: Promise<unknown> = Promise.resolve();

  async function exec(script: string, timeoutMs: number): Promise<ShellResult> {
    const id = `c${++seq}`;
    const start = Date.now();
    const from = out.length;
    child.stdin.write(`RUN ${id} ${Buffer.from(script).toString('base64')}\n`);
    const end = new RegExp(`BEGIN ${id}\\n([A-Za-z0-9+/=\\n]*?)END ${id} (\\d+)\\n`);
    const m = await waitOut(() => end.exec(out.slice(from)) ?? undefined, timeoutMs, `end of command ${id}: ${script.slice(0, 200)}`);
    return { rc: Number(m[2]), out: Buffer.from((m[1] ?? '').replace(/\n/g, ''), 'base64').toString('utf8'), seconds: (Date.now() - start) / 1000 };
  }

  const vm: ServerVm = {
    pid: child.pid,
    bootSeconds,
    console: consoleText,
    sh(script, timeoutMs = 60_000) {
      // one command at a time over the one serial line
      const p = queue.then(() => exec(script, timeoutMs));
      queue = p.catch(() => undefined);
      return p;
    },
    async ok(script, timeoutMs) {
      const r = await vm.sh(script, timeoutMs);
      if (r.rc !== 0) throw new Error(`in the server VM, exit ${r.rc}: ${script}\n${r.out}`);
      return r.out;
    },
    async stop() {
      if (!exited) {
        child.stdin.write(`RUN halt ${Buffer.from('sync; umount /opt; umount /srv/small 2>/dev/null; umount /srv; poweroff -f').toString('base64')}\n`);
        await waitOut(() => (exited ? true : undefined), 20_000, 'power-off').catch(() => undefined);
      }
      await killQemu(child);
    },
  };
  return vm;
}

export async function killQemu(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGKILL');
  await done;
}

/** A private network namespace for the VMs' multicast hub: only its own lo, multicast on. */
export interface HubNamespace {
  readonly name: string;
  readonly prefix: readonly string[];
  /** -netdev value joining the hub (every VM of the test uses the same) */
  readonly netdev: string;
  close(): void;
}

/** Why this machine cannot make the test's network namespace (not root, no netns), or undefined. */
export function netnsUnsupported(): string | undefined {
  const probe = `bootgen-netns-probe-${process.pid}`;
  const r = run('ip', ['netns', 'add', probe]);
  if (r.status !== 0) return `ip netns add fails here: ${(r.stderr || r.error?.message || '').trim()}`;
  run('ip', ['netns', 'del', probe]);
  return undefined;
}

export function createHubNamespace(name: string, port = 1234): HubNamespace {
  must(run('ip', ['netns', 'add', name]), `ip netns add ${name}`);
  const prefix = ['nsenter', `--net=/run/netns/${name}`];
  try {
    must(run('nsenter', [`--net=/run/netns/${name}`, 'ip', 'link', 'set', 'lo', 'up']), 'lo up');
    must(run('nsenter', [`--net=/run/netns/${name}`, 'ip', 'link', 'set', 'lo', 'multicast', 'on']), 'lo multicast');
  } catch (e) {
    run('ip', ['netns', 'del', name]);
    throw e;
  }
  // QEMU's localaddr keeps the multicast on the namespace's lo (it has no other interface)
  return { name, prefix, netdev: `socket,id=n0,mcast=230.0.0.1:${port},localaddr=127.0.0.1`, close: () => void run('ip', ['netns', 'del', name]) };
}

export interface ClientBoot {
  readonly found: boolean;
  readonly seconds: number;
  readonly serial: string;
}

/**
 * Boots a client VM from ipxe.lkrn (its kernel command line runs as an iPXE script) on the hub,
 * until `until` shows on its serial console (then it is killed) or the time limit.
 */
export async function bootClient(o: { prefix: readonly string[]; netdev: string; mac: string; script: string; until: RegExp; timeoutMs: number; onStart?: (child: ChildProcess) => void; keep?: boolean }): Promise<ClientBoot & { child: ChildProcess }> {
  const args = [
    // -nographic: SeaBIOS mirrors the screen (iPXE's messages) onto the serial console
    '-accel', 'tcg', '-m', '256', '-smp', '1', '-no-reboot', '-nographic', '-monitor', 'none',
    '-netdev', o.netdev, '-device', `virtio-net-pci,netdev=n0,mac=${o.mac}`, '-kernel', IPXE_LKRN, '-append', o.script,
  ];
  const child = spawn(o.prefix[0]!, [...o.prefix.slice(1), 'qemu-system-x86_64', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  o.onStart?.(child);
  const t0 = Date.now();
  let serial = '';
  const found = await new Promise<boolean>((done) => {
    const timer = setTimeout(() => done(false), o.timeoutMs);
    const onData = (b: Buffer): void => {
      serial += b.toString('latin1');
      if (o.until.test(serial)) {
        clearTimeout(timer);
        done(true);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', () => (clearTimeout(timer), done(o.until.test(serial))));
  });
  const seconds = (Date.now() - t0) / 1000;
  if (!o.keep) await killQemu(child);
  return { found, seconds, serial, child };
}
