// Wake-on-LAN: the magic packet's bytes, and `bootgen wake` run inside a network namespace this
// test creates (veth pair, 10.77.0.0/24) with a UDP listener in a second namespace at the other
// end: it receives exactly one 102-byte packet per machine asked for, for that machine's MAC, from
// the server's address. Nothing is sent outside the two namespaces; both are always deleted.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { broadcastAddress, inSubnet, wakePacket } from '../../src/net/wake-packet.js';
import { findOracle, oraclesPresent, run, type Oracle } from '../helpers/oracle.js';
import { REPO } from '../cli/run-cli.js';

describe('magic packet', () => {
  it('is 6 × 0xFF then the MAC 16 times (102 bytes)', () => {
    const p = wakePacket('52:54:00:12:ab:CD');
    expect(p).toBeInstanceOf(Uint8Array);
    expect(Buffer.from(p!).toString('hex')).toBe(`${'ff'.repeat(6)}${'52540012abcd'.repeat(16)}`);
    expect(wakePacket('52-54-00-12-ab-cd')).toEqual(p);
    for (const bad of ['52:54:00:12:ab', '52:54:00:12:ab:cd:ef', '52:54:00:12:ab:zz', '5254.0012.abcd', '']) expect(wakePacket(bad), bad).toBeUndefined();
  });

  it('goes to the subnet broadcast address; only host addresses are in the subnet', () => {
    expect(broadcastAddress('10.77.0.0/24')).toBe('10.77.0.255');
    expect(broadcastAddress('10.1.2.3/8')).toBe('10.255.255.255');
    expect(broadcastAddress('192.168.4.0/22')).toBe('192.168.7.255');
    expect(broadcastAddress('nonsense')).toBeUndefined();
    expect(inSubnet('10.77.0.1', '10.77.0.0/24')).toBe(true);
    expect(inSubnet('10.77.0.255', '10.77.0.0/24')).toBe(false);
    expect(inSubnet('10.77.1.1', '10.77.0.0/24')).toBe(false);
  });
});

const root: Oracle = { name: 'root', path: undefined, available: process.getuid?.() === 0, reason: 'not root (ip netns needs CAP_SYS_ADMIN)' };
const live = oraclesPresent([findOracle({ name: 'ip', pkg: 'iproute2' }), root], 'bootgen wake in a network namespace');

const tag = String(process.pid % 100000);
const NS_SERVER = `bgwake-s-${tag}`;
const NS_ROOM = `bgwake-r-${tag}`;
const VETH_S = `bgws${tag}`;
const VETH_R = `bgwr${tag}`;
const MACS = { cutman: '52:54:00:77:00:01', gutsman: '52:54:00:77:00:02', airman: '52:54:00:77:00:03' } as const;
const ALT_PORT = 40009;

const LISTENER = `
const dgram = require('node:dgram');
for (const port of [9, ${ALT_PORT}]) {
  const s = dgram.createSocket('udp4');
  s.on('message', (m, r) => process.stdout.write(JSON.stringify({ port, hex: m.toString('hex'), from: r.address }) + '\\n'));
  s.bind(port, '0.0.0.0', () => process.stdout.write('listening ' + port + '\\n'));
}
setTimeout(() => process.exit(0), 120000);
`;

interface Received {
  readonly port: number;
  readonly hex: string;
  readonly from: string;
}

function must(r: ReturnType<typeof run>, what: string): void {
  if (r.status !== 0) throw new Error(`${what}: ${r.stderr || r.stdout || r.error?.message}`);
}

function cleanUp(): void {
  run('ip', ['netns', 'del', NS_SERVER]);
  run('ip', ['netns', 'del', NS_ROOM]);
  run('ip', ['link', 'del', VETH_S]); // only if moving it into the namespace failed
}

describe.skipIf(!live)('bootgen wake in a network namespace', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bootgen-wake-'));
  const site = join(dir, 'site.yaml');
  const otherSite = join(dir, 'other.yaml');
  let listener: ChildProcess | undefined;
  let out = '';

  const yaml = (subnet: string, server: string): string =>
    `bootgen: 1\nsite: wake\nentries:\n  - {id: shell, title: Shell, grub: "echo hi", ipxe: shell}\nmachines:\n${Object.entries(MACS)
      .map(([name, mac]) => `  - {name: ${name}, mac: "${mac}"}`)
      .join('\n')}\nnetwork:\n  server: ${server}\n  http: http://${server}/boot\n  dhcp: {mode: proxy, subnet: ${subnet}}\n`;

  const received = (): Received[] => out.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as Received);

  /** bootgen wake inside the server namespace; the packets the room received while it ran. */
  async function wake(args: readonly string[]): Promise<{ status: number | null; stdout: string; stderr: string; got: Received[] }> {
    const before = received().length;
    const r = spawnSync('ip', ['netns', 'exec', NS_SERVER, process.execPath, join(REPO, 'bin/bootgen.js'), 'wake', ...args], { encoding: 'utf8', timeout: 30_000 });
    await new Promise((resolve) => setTimeout(resolve, 300)); // the listener's output to arrive
    return { status: r.status, stdout: r.stdout, stderr: r.stderr, got: received().slice(before) };
  }

  beforeAll(async () => {
    cleanUp();
    writeFileSync(site, yaml('10.77.0.0/24', '10.77.0.1'));
    writeFileSync(otherSite, yaml('10.88.0.0/24', '10.88.0.1'));
    try {
      must(run('ip', ['netns', 'add', NS_SERVER]), 'netns add');
      must(run('ip', ['netns', 'add', NS_ROOM]), 'netns add');
      must(run('ip', ['link', 'add', VETH_S, 'type', 'veth', 'peer', 'name', VETH_R]), 'veth pair');
      must(run('ip', ['link', 'set', VETH_S, 'netns', NS_SERVER]), 'veth into the server namespace');
      must(run('ip', ['link', 'set', VETH_R, 'netns', NS_ROOM]), 'veth into the room namespace');
      for (const [ns, dev, addr] of [[NS_SERVER, VETH_S, '10.77.0.1/24'], [NS_ROOM, VETH_R, '10.77.0.2/24']] as const) {
        must(run('ip', ['-n', ns, 'addr', 'add', addr, 'brd', '+', 'dev', dev]), `address on ${dev}`);
        must(run('ip', ['-n', ns, 'link', 'set', dev, 'up']), `${dev} up`);
        must(run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']), 'lo up');
      }
      listener = spawn('ip', ['netns', 'exec', NS_ROOM, process.execPath, '-e', LISTENER], { stdio: ['ignore', 'pipe', 'pipe'] });
      listener.stdout?.on('data', (b: Buffer) => (out += b.toString()));
      listener.stderr?.on('data', (b: Buffer) => (out += b.toString()));
      const deadline = Date.now() + 10_000;
      while (!(out.includes('listening 9') && out.includes(`listening ${ALT_PORT}`))) {
        if (Date.now() > deadline) throw new Error(`the listener did not start: ${out}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } catch (e) {
      listener?.kill('SIGKILL');
      cleanUp();
      throw e;
    }
  });

  afterAll(async () => {
    if (listener && listener.exitCode === null) {
      const gone = new Promise((resolve) => listener?.once('exit', resolve));
      listener.kill('SIGKILL');
      await gone;
    }
    cleanUp();
    rmSync(dir, { recursive: true, force: true });
  });

  const packetFor = (mac: string): string => Buffer.from(wakePacket(mac)!).toString('hex');

  it('wakes the machines named: one 102-byte packet each, for its MAC, from the server address, on port 9', async () => {
    const r = await wake([site, 'gutsman', 'cutman', '--json']);
    expect(r.status, r.stderr).toBe(0);
    const env = JSON.parse(r.stdout) as { ok: boolean; sent: { machine: string; address: string; port: number; from: string; iface: string }[] };
    expect(env.ok).toBe(true);
    expect(env.sent.map((s) => [s.machine, s.address, s.port, s.from, s.iface])).toEqual([
      ['gutsman', '10.77.0.255', 9, '10.77.0.1', VETH_S],
      ['cutman', '10.77.0.255', 9, '10.77.0.1', VETH_S],
    ]);
    expect(r.got).toEqual([
      { port: 9, hex: packetFor(MACS.gutsman), from: '10.77.0.1' },
      { port: 9, hex: packetFor(MACS.cutman), from: '10.77.0.1' },
    ]);
    expect(r.got.every((g) => g.hex.length === 2 * 102)).toBe(true);
  });

  it('--all wakes every machine; --iface and --port are honoured', async () => {
    const all = await wake([site, '--all']);
    expect(all.status, all.stderr).toBe(0);
    expect(all.stdout).toMatch(/^woke airman 52:54:00:77:00:03 → 10\.77\.0\.255:9/m);
    expect(all.got.map((g) => g.hex).sort()).toEqual(Object.values(MACS).map(packetFor).sort());
    const alt = await wake([site, 'airman', '--iface', VETH_S, '--port', String(ALT_PORT)]);
    expect(alt.status, alt.stderr).toBe(0);
    expect(alt.got).toEqual([{ port: ALT_PORT, hex: packetFor(MACS.airman), from: '10.77.0.1' }]);
  });

  it('refuses a typo (exit 2, did you mean), an unknown interface and a subnet no interface is in (exit 3); sends nothing', async () => {
    const typo = await wake([site, 'cutmna', '--json']);
    expect(typo.status).toBe(2);
    expect(JSON.parse(typo.stdout).diagnostics[0]).toMatchObject({ code: 'cli/unknown-machine', hint: 'did you mean `cutman`?' });
    const iface = await wake([site, 'cutman', '--iface', 'nope0', '--json']);
    expect(iface.status).toBe(3);
    expect(JSON.parse(iface.stdout).diagnostics[0].code).toBe('env/no-interface');
    const lo = await wake([site, 'cutman', '--iface', 'lo', '--json']);
    expect(lo.status).toBe(3);
    expect(JSON.parse(lo.stdout).diagnostics[0].code).toBe('env/no-address-in-subnet');
    const other = await wake([otherSite, '--all', '--json']);
    expect(other.status).toBe(3);
    expect(JSON.parse(other.stdout).diagnostics[0].code).toBe('env/no-address-in-subnet');
    const none = await wake([site, '--json']);
    expect(none.status).toBe(2);
    expect(JSON.parse(none.stdout).diagnostics[0].code).toBe('cli/missing-argument');
    expect([typo, iface, lo, other, none].flatMap((r) => r.got)).toEqual([]);
  });
});
