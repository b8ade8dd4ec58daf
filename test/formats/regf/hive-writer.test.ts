import { describe, expect, it } from 'vitest';
import {
  encodeDword, encodeMultiSz, encodeSz, parseHive, regfChecksum, RegType, unixToFiletime, writeHive, type HiveKey,
} from '../../../src/formats/regf/index.js';
import { lhHash } from '../../../src/formats/regf/names.js';
import { BaseBlock, HbinHeader, KeyNode, ListHeader, SecurityKey } from '../../../src/formats/regf/structs.js';
import { oraclesPresent } from '../../helpers/oracle.js';
import { hivexget, hivexml, hivexOracles, hivexsh, readBack, withHiveFile } from './hive-oracle.js';

const timestamp = unixToFiletime(Date.UTC(2026, 0, 1) / 1000);

const sample: HiveKey = {
  name: 'NewStoreRoot',
  values: [],
  subkeys: [
    { name: 'Objects', values: [], subkeys: [
      { name: 'zeta', values: [{ name: 'Type', type: RegType.dword, data: encodeDword(0x10200003) }], subkeys: [] },
      { name: 'Alpha', values: [{ name: 'Type', type: RegType.dword, data: encodeDword(0x10100002) }], subkeys: [] },
      { name: 'beta', values: [{ name: 'List', type: RegType.multiSz, data: encodeMultiSz(['{a}', '{b}']) }], subkeys: [] },
    ] },
    { name: 'Description', values: [{ name: 'KeyName', type: RegType.sz, data: encodeSz('BCD00000000') }], subkeys: [] },
  ],
};

/** Sorts subkeys the way the writer lays them out, so a read-back can be compared with toEqual. */
function canonical(k: HiveKey): HiveKey {
  const upper = (s: string) => s.toUpperCase();
  const subkeys = [...k.subkeys].sort((a, b) => (upper(a.name) < upper(b.name) ? -1 : upper(a.name) > upper(b.name) ? 1 : 0));
  return { name: k.name, values: k.values.map((v) => ({ ...v, data: new Uint8Array(v.data) })), subkeys: subkeys.map(canonical) };
}

describe('regf writer layout', () => {
  const bytes = writeHive(sample, { timestamp, fileName: 'BCD' });

  it('writes a clean base block with a valid checksum and the site timestamp', () => {
    const base = BaseBlock.decode(bytes);
    expect(base).toMatchObject({ signature: 'regf', primarySequence: 1, secondarySequence: 1, major: 1, minor: 3, fileType: 0, fileFormat: 1, clustering: 1, rootCell: 0x20, fileName: 'BCD' });
    expect(base.timestamp).toBe(timestamp);
    expect(base.hiveBinsSize).toBe(bytes.length - 0x1000);
    expect(base.checksum).toBe(regfChecksum(bytes));
    expect(HbinHeader.decode(bytes, 0x1000)).toMatchObject({ signature: 'hbin', offset: 0, size: 0x1000, timestamp });
  });

  it('marks the root key, shares one sk cell counted by every key, sorts lh entries with their hashes', () => {
    const root = KeyNode.decode(bytes, 0x1000 + 0x20 + 4);
    expect(root.flags).toBe(0x20 | 0x04 | 0x08);
    const sk = SecurityKey.decode(bytes, 0x1000 + root.security + 4);
    expect(sk).toMatchObject({ signature: 'sk', flink: root.security, blink: root.security, refCount: 6 });
    // Objects is the second subkey of the root in sorted order (Description < Objects)
    const list = ListHeader.decode(bytes, 0x1000 + root.subkeyList + 4);
    expect(list).toEqual({ signature: 'lh', count: 2 });
    const objects = KeyNode.decode(bytes, 0x1000 + new DataView(bytes.buffer).getUint32(0x1000 + root.subkeyList + 4 + 12, true) + 4);
    const lh = 0x1000 + objects.subkeyList + 4;
    const view = new DataView(bytes.buffer);
    const names = [0, 1, 2].map((i) => {
      const nk = view.getUint32(lh + 4 + 8 * i, true);
      const k = KeyNode.decode(bytes, 0x1000 + nk + 4);
      const name = String.fromCharCode(...bytes.subarray(0x1000 + nk + 4 + 0x4c, 0x1000 + nk + 4 + 0x4c + k.nameLength));
      expect(view.getUint32(lh + 8 + 8 * i, true)).toBe(lhHash(name));
      return name;
    });
    expect(names).toEqual(['Alpha', 'beta', 'zeta']);
  });

  it('is deterministic: same tree, same bytes', () => {
    expect(writeHive(sample, { timestamp, fileName: 'BCD' })).toEqual(bytes);
  });

  it('reads back equal through our reader, with no findings', () => {
    const r = parseHive(bytes, { file: 'BCD' });
    expect(r.diagnostics).toEqual([]);
    expect(r.value?.root).toEqual(canonical(sample));
  });

  it('stores big values in db records and >1012 subkeys under an ri index, and reads them back', () => {
    const big = Uint8Array.from({ length: 40_000 }, (_, i) => (i * 7) & 0xff);
    const many = Array.from({ length: 1500 }, (_, i) => ({ name: `k${String(i).padStart(4, '0')}`, values: [], subkeys: [] }));
    const tree: HiveKey = { name: 'R', values: [{ name: 'Big', type: RegType.binary, data: big }], subkeys: many };
    const b = writeHive(tree, { timestamp });
    expect(BaseBlock.decode(b).minor).toBe(5);
    const r = parseHive(b, { file: 'big' });
    expect(r.diagnostics).toEqual([]);
    expect(r.value?.root).toEqual(canonical(tree));
  });
});

describe.skipIf(!oraclesPresent(hivexOracles, 'regf writer vs hivex'))('regf writer vs hivex', () => {
  const bytes = writeHive(sample, { timestamp, fileName: 'BCD' });

  it('hivexml parses the whole tree', () => {
    withHiveFile({ bytes }, (path) => {
      const r = hivexml(path);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stdout).toContain('<node name="NewStoreRoot" root="1">');
      expect(r.stdout).toContain('<value type="string" key="KeyName" value="BCD00000000">');
    });
  });

  it('hivexsh -d reads the hive and computes the checksum we stored', () => {
    withHiveFile({ bytes }, (path) => {
      const r = hivexsh({ path, script: 'cd \\Objects\nls\n' });
      expect(r.status, r.stderr).toBe(0);
      const m = /checksum\s+(0x[0-9a-f]+) \(calculated (0x[0-9a-f]+)\)/.exec(r.stderr);
      expect(m?.[1]).toBe(`0x${regfChecksum(bytes).toString(16).padStart(8, '0')}`);
      expect(m?.[2]).toBe(m?.[1]);
      expect(r.stderr).toContain('successfully read Windows Registry hive file');
      expect(r.stdout.trim().split('\n')).toEqual(['Alpha', 'beta', 'zeta']);
    });
  });

  it('hivexget returns values by path', () => {
    withHiveFile({ bytes }, (path) => {
      expect(hivexget(path, '\\Description', 'KeyName').stdout).toBe('BCD00000000\n');
      expect(hivexget(path, '\\Objects\\Alpha', 'Type').stdout).toBe(`${0x10100002}\n`);
      expect(hivexget(path, '\\Objects\\beta', 'List').stdout.trim().split('\n')).toEqual(['{a}', '{b}']);
    });
  });

  it('survives a hivexsh -w round trip (add, setval, commit) that our reader then reads', () => {
    withHiveFile({ bytes }, (path) => {
      const script = 'cd \\Objects\nadd Gamma\ncd Gamma\nsetval 2\nDescription\nstring:added by hivex\nType\ndword:0x30000000\ncommit\n';
      const w = hivexsh({ path, script, write: true });
      expect(w.status, w.stderr).toBe(0);
      expect(hivexml(path).status).toBe(0);
      const r = parseHive(readBack(path), { file: path });
      expect(r.diagnostics).toEqual([]);
      const objects = r.value?.root?.subkeys.find((k) => k.name === 'Objects');
      expect(objects?.subkeys.map((k) => k.name)).toEqual(['Alpha', 'beta', 'Gamma', 'zeta']);
      const gamma = objects?.subkeys.find((k) => k.name === 'Gamma');
      expect(gamma?.values.map((v) => v.name)).toEqual(['Description', 'Type']);
      expect(Array.from(gamma?.values[1]?.data ?? [])).toEqual([0, 0, 0, 0x30]);
    });
  });

  it('hivex accepts db big data and ri indexes', () => {
    const big = Uint8Array.from({ length: 40_000 }, (_, i) => (i * 7) & 0xff);
    const many = Array.from({ length: 1500 }, (_, i) => ({ name: `k${i}`, values: [], subkeys: [] }));
    const b = writeHive({ name: 'R', values: [{ name: 'Big', type: RegType.binary, data: big }], subkeys: many }, { timestamp });
    withHiveFile({ bytes: b }, (path) => {
      expect(hivexml(path).status).toBe(0);
      const ls = hivexsh({ path, script: 'ls\n' });
      expect(ls.stdout.trim().split('\n')).toHaveLength(1500);
      const got = hivexget(path, '\\', 'Big');
      expect(got.status, got.stderr).toBe(0);
    });
  });
});
