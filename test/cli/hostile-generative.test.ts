// Issue 13: the generative hostile test. Both examples (copied to a temp dir first) are mutated as
// a careless or hostile user would: keys dropped, duplicated and retyped; values replaced with
// control characters, quotes, $(…), backticks, ; & | , newlines, NUL, very long and odd Unicode
// strings; paths pointed at FIFOs, symlinks out of the site, directories and missing files. Each
// mutated site runs through the built CLI (`build --only configs` mostly, some `validate`):
// - every run ends in time with exit 0, 1, 2 or 3 and no stack trace;
// - every run that exits 0 wrote configs that pass their oracles (grub-script-check on grub cfgs,
//   dnsmasq --test, dhcpd -t, sh -n on generated shell);
// - nothing is written outside the out dir (the run dir's tree is the same before and after).
// Fixed seed, bounded count; fast-check prints the seed and the shrunk case on failure.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { asUpstreamGrub, checkGrubScript, grubScriptCheck } from '../helpers/grub-check.js';
import { findOracle, oraclesPresent, run } from '../helpers/oracle.js';
import { REPO } from './run-cli.js';

// fixed in CI; BOOTGEN_HOSTILE_SEED / BOOTGEN_HOSTILE_RUNS explore locally
const SEED = Number(process.env.BOOTGEN_HOSTILE_SEED ?? 0x13b0075);
const RUNS = Number(process.env.BOOTGEN_HOSTILE_RUNS ?? 40);
const RUN_TIMEOUT_MS = 20_000;

const dnsmasq = findOracle({ name: 'dnsmasq', pkg: 'dnsmasq' });
const dhcpd = findOracle({ name: 'dhcpd', pkg: 'isc-dhcp-server' });
const sh = findOracle({ name: 'sh', pkg: 'dash' });
const mkfifo = findOracle({ name: 'mkfifo', pkg: 'coreutils' });

const root = mkdtempSync(join(tmpdir(), 'bootgen-hostile-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const EXAMPLES = ['lanparty', 'vhd-lab'] as const;
const original = Object.fromEntries(EXAMPLES.map((e) => [e, parse(readFileSync(join(REPO, 'examples', e, 'site.yaml'), 'utf8')) as unknown]));

const HOSTILE = [
  '', ' ', '"', "'", '\\', '"; reboot; "', "'; rm -rf / #", '$(touch /tmp/bootgen-pwned)', '`id`', '${HOME}', 'a;b', 'a&b', 'a|b', 'a,b',
  'a\nb', 'a\r\nb', 'line\n}\nmenuentry x {', 'a\0b', '\u0007\u001b[31m', '\t', '#comment', '{}', '[]', '*alias', '&anchor', '--', '-o',
  '\u202eevil', '\u00e9\u0301', '\ud83d\udca9', '\u0000', '\uffff', 'x'.repeat(5000), '../../../../etc/passwd', '/etc/shadow', 'C:\\Windows',
  'dhcp-option=3,6.6.6.6', 'option routers 6.6.6.6;', '%s%n', 'chain http://evil/x', '52:54:00:00:00:01', '10.0.0.1', '0', '-1', '1e308',
];
const PATHS = ['hostile/fifo', 'hostile/link-out', 'hostile/link-in', 'hostile/missing.iso', 'hostile/dir', '../outside', '/etc/passwd', 'hostile/sock-like'];

type Mutation =
  | { readonly op: 'drop'; readonly at: number }
  | { readonly op: 'duplicate'; readonly at: number }
  | { readonly op: 'retype'; readonly at: number; readonly value: unknown }
  | { readonly op: 'string'; readonly at: number; readonly value: string }
  | { readonly op: 'path'; readonly at: number; readonly value: string };

const text = fc.oneof(fc.constantFrom(...HOSTILE), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme', maxLength: 20 }), fc.string({ unit: 'binary-ascii', minLength: 200, maxLength: 3000 }));
const retyped = fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.constant([]), fc.constant({}), fc.array(text, { maxLength: 3 }), fc.dictionary(fc.constantFrom('a', 'path', 'id', 'kernel'), text, { maxKeys: 2 }), fc.double());
const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ op: fc.constant('drop' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('retype' as const), at: fc.nat(), value: retyped }),
  fc.record({ op: fc.constant('string' as const), at: fc.nat(), value: text }),
  fc.record({ op: fc.constant('path' as const), at: fc.nat(), value: fc.constantFrom(...PATHS) }),
);
const scenario = fc.record({
  example: fc.constantFrom(...EXAMPLES),
  verb: fc.constantFrom('build', 'build', 'build', 'validate'),
  mutations: fc.array(fc.oneof({ arbitrary: mutation, weight: 1 }, { arbitrary: fc.record({ op: fc.constant('string' as const), at: fc.nat(), value: text }), weight: 2 }), { minLength: 1, maxLength: 4 }),
});

/** keys whose values are free text (titles, kernel arguments, labels, raw lines): a mutation there mostly loads */
const FREE_TEXT: ReadonlySet<string> = new Set(['title', 'args', 'label', 'grub', 'ipxe', 'vboot', 'site', 'locale', 'system-root']);

type Node = Record<string, unknown> | unknown[];
const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null;

/** Every (container, key) in the document, depth first. */
function slots(doc: unknown): { parent: Node; key: string | number }[] {
  const out: { parent: Node; key: string | number }[] = [];
  const walk = (v: unknown): void => {
    if (!isNode(v)) return;
    const keys: (string | number)[] = Array.isArray(v) ? v.map((_x, i) => i) : Object.keys(v);
    for (const k of keys) {
      out.push({ parent: v, key: k });
      walk((v as Record<string | number, unknown>)[k]);
    }
  };
  walk(doc);
  return out;
}

function apply(doc: unknown, m: Mutation): void {
  const all = slots(doc);
  // path mutations go to string values that look like paths, when there are any
  const pathy = all.filter((s) => typeof (s.parent as Record<string | number, unknown>)[s.key] === 'string' && /\//.test((s.parent as Record<string | number, string>)[s.key] ?? ''));
  // string mutations go to string values (titles, args, labels, raw lines): they mostly load, so the oracles see them
  const strings = all.filter((s) => typeof (s.parent as Record<string | number, unknown>)[s.key] === 'string');
  const free = strings.filter((s) => typeof s.key === 'number' || FREE_TEXT.has(s.key));
  const pool = m.op === 'path' && pathy.length > 0 ? pathy : m.op === 'string' && free.length > 0 && m.at % 3 !== 0 ? free : m.op === 'string' && strings.length > 0 ? strings : all;
  const slot = pool[m.at % Math.max(1, pool.length)];
  if (!slot) return;
  const { parent, key } = slot;
  const set = (v: unknown): void => void ((parent as Record<string | number, unknown>)[key] = v);
  const get = (): unknown => (parent as Record<string | number, unknown>)[key];
  switch (m.op) {
    case 'drop':
      if (Array.isArray(parent)) parent.splice(Number(key), 1);
      else delete parent[key];
      return;
    case 'duplicate':
      if (Array.isArray(parent)) parent.splice(Number(key), 0, structuredClone(get()));
      else parent[`${key}`.concat('2')] = structuredClone(get());
      return;
    case 'retype':
    case 'string':
    case 'path':
      return set(m.value);
  }
}

/** Files and links of a tree (not under `skip`), with what identifies their content. */
function tree(dir: string, skip: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (p === skip) continue;
      const st = lstatSync(p);
      out.push(`${p.slice(root.length)} ${st.isDirectory() ? 'd' : st.isFIFO() ? 'p' : st.isSymbolicLink() ? 'l' : 'f'} ${st.isDirectory() ? '' : st.size} ${st.isDirectory() ? '' : st.mtimeMs}`);
      if (st.isDirectory()) walk(p);
    }
  };
  walk(dir);
  return out;
}

let n = 0;
function prepare(example: string, yamlText: string): { dir: string; site: string; out: string } {
  const dir = join(root, `run-${n++}`);
  const siteDir = join(dir, 'site');
  cpSync(join(REPO, 'examples', example), siteDir, { recursive: true });
  mkdirSync(join(siteDir, 'hostile', 'dir'), { recursive: true });
  writeFileSync(join(dir, 'outside'), 'secret');
  writeFileSync(join(siteDir, 'hostile', 'inside'), 'x');
  execFileSync(mkfifo.path ?? 'mkfifo', [join(siteDir, 'hostile', 'fifo')]);
  execFileSync('ln', ['-s', '../../outside', join(siteDir, 'hostile', 'link-out')]);
  execFileSync('ln', ['-s', 'inside', join(siteDir, 'hostile', 'link-in')]);
  writeFileSync(join(siteDir, 'site.yaml'), yamlText);
  return { dir, site: join(siteDir, 'site.yaml'), out: join(dir, 'out') };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

/** The oracle findings for an out dir, [] when every generated config passes. */
function oracleFailures(out: string): string[] {
  const bad: string[] = [];
  for (const file of filesUnder(out)) {
    const rel = file.slice(out.length + 1);
    const body = readFileSync(file, 'utf8');
    if (rel.endsWith('.cfg') && /(^|\/)(grub|vboot)\//.test(rel)) {
      const r = checkGrubScript({ text: rel.startsWith('vboot/') ? asUpstreamGrub(body) : body });
      if (r.status !== 0) bad.push(`grub-script-check ${rel}: ${r.output}`);
    } else if (rel.endsWith('dnsmasq.conf')) {
      const r = run(dnsmasq.path ?? 'dnsmasq', ['--test', '-C', file]);
      if (r.status !== 0) bad.push(`dnsmasq --test ${rel}: ${r.stderr}`);
    } else if (rel.endsWith('dhcpd.conf')) {
      const r = run(dhcpd.path ?? 'dhcpd', ['-t', '-cf', file]);
      if (r.status !== 0) bad.push(`dhcpd -t ${rel}: ${r.stdout}${r.stderr}`);
    } else if (rel.endsWith('.sh') || /^#!\s*\/bin\/(ba)?sh/.test(body)) {
      const r = run(sh.path ?? 'sh', ['-n', file]);
      if (r.status !== 0) bad.push(`sh -n ${rel}: ${r.stderr}`);
    }
  }
  return bad;
}

/** Runs the built CLI without blocking the test worker; killed (SIGKILL) after RUN_TIMEOUT_MS. */
function runCliAsync(args: readonly string[]): Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(REPO, 'bin/bootgen.js'), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => void (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => void (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), RUN_TIMEOUT_MS);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      done({ status, signal, stdout, stderr });
    });
  });
}

const STACK = /internal error|^\s+at .+[.](js|ts):\d+/m;

describe.skipIf(!oraclesPresent([grubScriptCheck, dnsmasq, dhcpd, sh, mkfifo], 'hostile generative test'))('hostile sites through the built CLI', () => {
  it(`${RUNS} mutated examples end in time, exit 0–3, no stack, oracles pass, nothing written outside (seed ${SEED})`, async () => {
    let ran = 0;
    const exits = new Map<string, number>();
    const started = Date.now();
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const doc = structuredClone(original[s.example]);
        for (const m of s.mutations) apply(doc, m);
        const { dir, site, out } = prepare(s.example, stringify(doc));
        const before = tree(dir, out);
        const args = s.verb === 'build' ? ['build', site, '--only', 'configs', '-o', out] : ['validate', site];
        const r = await runCliAsync(args);
        ran++;
        exits.set(`${s.verb} ${r.status}`, (exits.get(`${s.verb} ${r.status}`) ?? 0) + 1);
        const what = `${s.example} ${s.verb}: ${r.stderr.slice(0, 2000)}`;
        expect(r.signal, `hung or killed: ${what}`).toBeNull();
        expect([0, 1, 2, 3], what).toContain(r.status);
        expect(r.stderr, what).not.toMatch(STACK);
        expect(r.stdout, what).not.toMatch(STACK);
        expect(existsSync('/tmp/bootgen-pwned')).toBe(false);
        if (r.status === 0 && s.verb === 'build') expect(oracleFailures(out), what).toEqual([]);
        if (s.verb === 'validate' || r.status !== 0) expect(existsSync(out), `wrote ${out}: ${what}`).toBe(r.status === 0 && s.verb === 'build');
        expect(tree(dir, out), `wrote outside its out dir: ${what}`).toEqual(before);
        rmSync(dir, { recursive: true, force: true });
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    process.stdout.write(`hostile generative test: seed ${SEED}, ${ran} runs, ${Date.now() - started} ms; exits ${[...exits].map(([k, v]) => `${k}: ${v}`).join(', ')}\n`);
  }, 600_000);
});
