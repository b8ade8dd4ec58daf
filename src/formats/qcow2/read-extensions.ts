// qcow2 header extensions (§5): {u32 type, u32 length, data, padding to 8} from header_length
// until the end marker, the backing file name or the end of cluster 0, whichever comes first.
import type { BoundedReader } from '../../binary/bounded-reader.js';
import type { Findings } from '../image-findings.js';
import { Extension, Qcow2ExtensionHeader } from './structs.js';

export interface Qcow2Extensions {
  readonly backingFormat?: string;
  readonly dataFile?: string;
}

// QEMU writes the backing-format extension first and the whole list in a few hundred bytes.
const MAX_AREA = 16 * 1024;

export async function readQcow2Extensions(r: BoundedReader, findings: Findings, start: number, stop: number, clusterSize: number): Promise<Qcow2Extensions> {
  const end = Math.min(stop, clusterSize, start + MAX_AREA, r.size);
  if (end <= start) return {};
  const area = await r.read(start, end - start, { structure: 'qcow2.extensions' });
  const out: { backingFormat?: string; dataFile?: string } = {};
  let at = 0;
  // each step advances by ≥ 8 bytes, so the loop ends within area.length / 8 steps
  while (at + 8 <= area.length) {
    const ext = Qcow2ExtensionHeader.decode(area, at, { base: start });
    if (ext.type === Extension.end) break;
    const dataAt = at + 8;
    if (ext.length > area.length - dataAt) {
      findings.add('format/invalid-header', 'error', 'qcow2 header extension runs past cluster 0', {
        offset: start + at + 4,
        field: 'qcow2.extension.length',
        expected: `at most ${area.length - dataAt}`,
        found: `${ext.length}`,
      });
      break;
    }
    const text = (): string => new TextDecoder('utf-8').decode(area.subarray(dataAt, dataAt + ext.length));
    if (ext.type === Extension.backingFormat) out.backingFormat = text();
    if (ext.type === Extension.dataFile) out.dataFile = text();
    at = dataAt + Math.ceil(ext.length / 8) * 8;
  }
  return out;
}
