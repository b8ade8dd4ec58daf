import { describe, expect, it } from 'vitest';
import { crc32 } from '../../../src/binary/index.js';
import { GptEntry, gptExtents, GptHeader, GptType } from '../../../src/formats/gpt/gpt.js';

const bytesOf = (e: { source: { kind: string; bytes?: Uint8Array } }): Uint8Array => (e.source.kind === 'bytes' && e.source.bytes ? e.source.bytes : new Uint8Array());

describe('gptExtents', () => {
  const spec = {
    diskSectors: 131072,
    diskGuid: '01234567-89ab-4cde-8f01-23456789abcd',
    partitions: [{ typeGuid: GptType.esp, uniqueGuid: '11111111-2222-4333-8444-555555555555', firstLba: 2048, lastLba: 129023, name: 'ESP' }],
  };
  const [primary, entries, backupEntries, backup] = gptExtents(spec);

  it('writes primary and backup headers whose CRCs verify and which point at each other', () => {
    for (const [e, my, alt, entryLba] of [[primary, 1n, 131071n, 2n], [backup, 131071n, 1n, 131039n]] as const) {
      const b = bytesOf(e!);
      const h = GptHeader.decode(b);
      expect([h.myLba, h.alternateLba, h.partitionEntryLba]).toEqual([my, alt, entryLba]);
      const zeroed = b.slice(0, 92);
      zeroed.fill(0, 16, 20);
      expect(h.headerCrc32).toBe(crc32(zeroed));
      expect(h.partitionEntryArrayCrc32).toBe(crc32(bytesOf(entries!)));
      expect([h.firstUsableLba, h.lastUsableLba]).toEqual([34n, 131038n]);
    }
    expect(backupEntries?.offset).toBe(131039 * 512);
  });

  it('encodes entries with mixed-endian GUIDs (ESP type bytes 28 73 2A C1 …)', () => {
    const b = bytesOf(entries!);
    expect(Array.from(b.subarray(0, 4))).toEqual([0x28, 0x73, 0x2a, 0xc1]);
    expect(GptEntry.decode(b)).toMatchObject({ typeGuid: GptType.esp, firstLba: 2048n, lastLba: 129023n, name: 'ESP' });
  });

  it('refuses partitions outside the usable range or overlapping', () => {
    expect(() => gptExtents({ ...spec, partitions: [{ ...spec.partitions[0]!, firstLba: 10 }] })).toThrow(/outside/);
  });
});
