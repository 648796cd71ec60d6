/**
 * A write that fails part-way leaves nothing behind but what was there before: no temporary file on a
 * mirror (the host would serve it, `git add -A` would push it), and an output written over its input
 * (`sign --in r.json --out r.json`) still holding the input when the disk fills up part-way.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { EXIT } from '../../../tools/rules-cli/cli-error.ts';
import { writeBytes } from '../../../tools/rules-cli/files.ts';
import { nodeIo } from '../../../tools/rules-cli/io.ts';
import { createDirMirror } from '../../../tools/rules-cli/mirror.ts';

/** The file name whose writes run out of disk half-way (what a full disk or a quota does). */
const FULL_DISK = 'on-a-full-disk.json';

vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const writeFile: typeof fs.writeFile = async (file, data, options) => {
    if (typeof file === 'string' && file.includes(FULL_DISK)) {
      const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data as Uint8Array);
      await fs.writeFile(file, bytes.subarray(0, bytes.length >> 1), options);
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
    }
    return fs.writeFile(file, data, options);
  };
  return { ...fs, writeFile, default: { ...fs, writeFile } };
});

describe('rules CLI: interrupted writes', () => {
  it('a mirror upload that cannot be renamed into place leaves no temporary file on the mirror', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'saq-mirror-'));
    // A directory where the file goes: the temporary file is written, the rename fails.
    mkdirSync(join(dir, 'timestamp.json'));
    writeFileSync(join(dir, 'timestamp.json', 'keep'), 'x');
    await expect(createDirMirror(dir).write('timestamp.json', new Uint8Array([1, 2, 3]))).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['timestamp.json']);
  });

  it('an output written over its input that runs out of disk part-way keeps the input whole (exit 6)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'saq-out-'));
    const envelope = '{"payloadType":"…","payload":"…","signatures":[{"keyid":"maintainer A, on another machine"}]}';
    writeFileSync(join(dir, FULL_DISK), envelope);
    const write = writeBytes({ ...nodeIo(), cwd: dir }, FULL_DISK, `${envelope.slice(0, -2)},{"keyid":"maintainer B"}]}`);
    await expect(write).rejects.toMatchObject({
      exitCode: EXIT.io,
      message: expect.stringContaining(`${FULL_DISK}: cannot write (ENOSPC`),
    });
    expect(readFileSync(join(dir, FULL_DISK), 'utf8')).toBe(envelope);
    expect(readdirSync(dir)).toEqual([FULL_DISK]);
  });
});
