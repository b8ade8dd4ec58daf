import { it } from 'vitest';
import { buildNtfsVolume } from '../../../src/formats/ntfs/volume.js';
import { renderVolume } from './render-volume.js';
import { standardSample } from './sample.js';
it('x', () => {
  const s = standardSample('/tmp/ns/src4', { many: 120 });
  const r = buildNtfsVolume(s.files, { label: 'B', serial: 1n, epoch: 1767225600, hiddenSectors: 0, dirs: s.dirs, sizeBytes: 64 << 20 });
  renderVolume({ path: '/tmp/ns/rw.img', sizeBytes: r.value!.sizeBytes, extents: r.value!.extents });
});
