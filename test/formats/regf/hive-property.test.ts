// Arbitrary key trees (Unicode and Latin-1 names, every data size class) survive writer → reader,
// and hivex accepts them.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { compareNames, parseHive, RegType, writeHive, type HiveKey } from '../../../src/formats/regf/index.js';
import { upcaseName } from '../../../src/formats/regf/names.js';
import { oraclesPresent } from '../../helpers/oracle.js';
import { hivexml, hivexOracles, hivexsh, withHiveFile } from './hive-oracle.js';

const nameArb = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9 ._{}-]{1,20}$/),
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 12 }).filter((s) => !s.includes('\\') && !s.includes('\0')),
);
const dataArb = fc.oneof(fc.uint8Array({ maxLength: 4 }), fc.uint8Array({ minLength: 5, maxLength: 300 }), fc.uint8Array({ minLength: 16345, maxLength: 20000 }));
const valueArb = fc.record({ name: fc.oneof(fc.constant(''), nameArb), type: fc.constantFrom(RegType.binary, RegType.sz, RegType.dword, RegType.qword), data: dataArb });
const uniqueBy = <T extends { name: string }>(arb: fc.Arbitrary<T>, max: number) => fc.uniqueArray(arb, { maxLength: max, selector: (x) => upcaseName(x.name) });

const treeArb: fc.Arbitrary<HiveKey> = fc.letrec<{ key: HiveKey }>((tie) => ({
  key: fc.record({
    name: nameArb,
    values: uniqueBy(valueArb, 4),
    subkeys: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constant([]), uniqueBy(tie('key'), 5)),
  }),
})).key;

/** Sorted like the writer lays keys out; data as hex so big values compare fast. */
interface Printed {
  readonly name: string;
  readonly values: readonly { name: string; type: number; data: string }[];
  readonly subkeys: readonly Printed[];
}
const canonical = (k: HiveKey): Printed => ({
  name: k.name,
  values: k.values.map((v) => ({ name: v.name, type: v.type, data: Buffer.from(v.data).toString('hex') })),
  subkeys: [...k.subkeys].sort((a, b) => compareNames(a.name, b.name)).map(canonical),
});

describe('regf writer → reader, arbitrary trees', () => {
  it('reads back equal with no findings', () => {
    fc.assert(fc.property(treeArb, (tree) => {
      const r = parseHive(writeHive(tree, { timestamp: 1n }), { file: 'p' });
      expect(r.diagnostics).toEqual([]);
      const root = r.value?.root;
      expect(root && canonical(root)).toEqual(canonical(tree));
    }), { numRuns: 150 });
  });
});

describe.skipIf(!oraclesPresent(hivexOracles, 'regf property vs hivex'))('regf writer, arbitrary trees vs hivex', () => {
  it('hivexml parses them and hivexsh lists every root subkey', () => {
    fc.assert(fc.property(treeArb, (tree) => {
      withHiveFile({ bytes: writeHive(tree, { timestamp: 1n }) }, (path) => {
        const xml = hivexml(path);
        expect(xml.status, xml.stderr).toBe(0);
        const ls = hivexsh({ path, script: 'ls\n' });
        expect(ls.status, ls.stderr).toBe(0);
        const names = canonical(tree).subkeys.map((k) => k.name);
        if (names.every((n) => /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(n))) {
          // hivexsh sorts its listing by lower-cased name ('_' before 'a'); the hive itself holds
          // Windows' upper-cased order ('A' before '_'), which the round-trip test reads back
          const lower = (n: string): string => n.toLowerCase();
          const hivexOrder = [...names].sort((a, b) => (lower(a) < lower(b) ? -1 : lower(a) > lower(b) ? 1 : 0));
          expect(ls.stdout.split('\n').filter((l) => l !== '')).toEqual(hivexOrder);
        }
      });
    }), { numRuns: 40 });
  });
});
