/**
 * A write that fails part-way leaves nothing behind but what was there before: no temporary file on a
 * mirror (the host would serve it, `git add -A` would push it).
 */
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDirMirror } from '../../../tools/rules-cli/mirror.ts';

describe('rules CLI: interrupted writes', () => {
  it('a mirror upload that cannot be renamed into place leaves no temporary file on the mirror', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'saq-mirror-'));
    // A directory where the file goes: the temporary file is written, the rename fails.
    mkdirSync(join(dir, 'timestamp.json'));
    writeFileSync(join(dir, 'timestamp.json', 'keep'), 'x');
    await expect(createDirMirror(dir).write('timestamp.json', new Uint8Array([1, 2, 3]))).rejects.toThrow();
    expect(readdirSync(dir)).toEqual(['timestamp.json']);
  });
});
