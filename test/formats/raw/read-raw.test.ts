import { describe, expect, it } from 'vitest';
import { bufferReadAt } from '../../../src/binary/read-at.js';
import { readRaw } from '../../../src/formats/raw/read-raw.js';

const codes = async (bytes: Uint8Array): Promise<string[]> => (await readRaw(bufferReadAt(bytes), 'x.img')).diagnostics.map((d) => d.code);

describe('readRaw', () => {
  it('takes whole sectors as a raw disk, and recognises an MBR', async () => {
    const disk = new Uint8Array(4096);
    disk[510] = 0x55;
    disk[511] = 0xaa;
    const r = await readRaw(bufferReadAt(disk), 'x.img');
    expect(r.diagnostics).toEqual([]);
    expect(r.value).toMatchObject({ format: 'raw', subformat: 'mbr', virtualSize: 4096 });
  });

  it('warns that a file of partial sectors, or an empty one, is probably not a disk', async () => {
    expect(await codes(new TextEncoder().encode('# README\n'))).toEqual(['format/raw-not-a-disk']);
    expect(await codes(new Uint8Array(0))).toEqual(['format/raw-not-a-disk']);
  });
});
