// Issue 13: every failed write is one exit-3 diagnostic naming the path and the errno in words.
// ENOSPC and EROFS are produced for real in test/cli/output-locations.test.ts; EIO and EDQUOT
// (a failing device, a quota) cannot be made on demand here, so the translation is checked alone.
import { describe, expect, it } from 'vitest';
import { BootgenError, ExitCode } from '../../src/diagnostics/errors.js';
import { errnoInWords, writeFailure, writeStep } from '../../src/io/fs-failure.js';

const fsError = (code: string): Error => Object.assign(new Error(`${code}: raw`), { code });

describe('failed writes', () => {
  it.each([
    ['EIO', 'an input/output error (the device failed) (EIO)'],
    ['EDQUOT', 'the disk quota is exceeded (EDQUOT)'],
    ['ENOSPC', 'no space left on the device (ENOSPC)'],
    ['EROFS', 'the file system is read-only (EROFS)'],
  ])('%s is said in words', (code, words) => {
    expect(errnoInWords(fsError(code))).toBe(words);
  });

  it('writeStep turns an fs error into exit 3 naming the file in the out dir, not its temp dir', () => {
    let err: unknown;
    try {
      writeStep('/srv/x/.out.tmp-12-ab3c/media/usb.img', 'write', () => {
        throw fsError('EIO');
      });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BootgenError);
    const b = err as BootgenError;
    expect(b.exitCode).toBe(ExitCode.environment);
    expect(b.diagnostics[0]?.code).toBe('env/out-dir-write-failed');
    expect(b.diagnostics[0]?.message).toBe('cannot write /srv/x/out/media/usb.img: an input/output error (the device failed) (EIO)');
    expect(writeFailure('/a/b', 'create', fsError('EDQUOT')).diagnostics[0]?.message).toContain('quota');
  });
});
