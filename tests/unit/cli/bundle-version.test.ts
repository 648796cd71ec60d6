/**
 * `bundle --version <n>` below the next version (one above the bundled rules: the high-water rule the
 * extension applies to a new baseline) is refused (exit 1), naming the flag, the value and the minimum. It
 * was raised to the minimum silently, so the bundle carried another version than the one asked for.
 * A --version other than the bundled one is honoured without --force, even when the bundle is up to date:
 * it was ignored ("already up to date", exit 0), so the bundle kept a version the maintainer did not ask for.
 */
import { copyFileSync, cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../tools/rules-cli/cli-error.ts';
import { CliHarness, SOURCES } from './helpers.ts';

const BUNDLE = ['--out', 'bundle', '--src', 'src', '--root-dir', 'root'];

describe('rules bundle --version', { timeout: 30_000 }, () => {
  const cli = new CliHarness();
  beforeAll(async () => {
    await cli.withRoot();
    cpSync(SOURCES, cli.path('src'), { recursive: true });
  }, 60_000);

  it('with no bundle yet, --version 0 is refused: the next version is 1', async () => {
    const r = await cli.run('bundle', '--version', '0', ...BUNDLE);
    expect(r).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('--version: 0 is below the next version 1 (there is no bundle in bundle yet)'),
    });
    expect(existsSync(cli.path('bundle/rules.json'))).toBe(false);
  });

  it('a bundle at v4: --version 3 or 4 is refused naming the next version 5, nothing is written; 5 and the default (one above) are taken', async () => {
    expect((await cli.ok('bundle', '--force', '--version', '4', ...BUNDLE)).out).toContain('rules v4 signed by');
    const bundled = readFileSync(cli.path('bundle/rules.json'));
    cli.clock += 60_000;
    for (const below of ['3', '4']) {
      const r = await cli.run('bundle', '--force', '--version', below, ...BUNDLE);
      expect(r, `--version ${below}`).toMatchObject({
        code: EXIT.usage,
        err: expect.stringContaining(`--version: ${below} is below the next version 5 (the bundled rules are v4)`),
      });
    }
    expect(readFileSync(cli.path('bundle/rules.json'))).toEqual(bundled);
    expect((await cli.ok('bundle', '--force', '--version', '5', ...BUNDLE)).out).toContain('rules v5 signed by');
    cli.clock += 60_000;
    expect((await cli.ok('bundle', '--force', ...BUNDLE)).out).toContain('rules v6 signed by');
  });

  it('an up-to-date bundle (v6): --version 8 without --force re-signs it at v8; --version 8 again is up to date; 7 is refused', async () => {
    cli.clock += 60_000;
    expect((await cli.ok('bundle', ...BUNDLE)).out).toContain('already up to date');
    expect((await cli.ok('bundle', '--version', '8', ...BUNDLE)).out).toContain('rules v8 signed by');
    const bundled = readFileSync(cli.path('bundle/rules.json'));
    cli.clock += 60_000;
    expect((await cli.ok('bundle', '--version', '8', ...BUNDLE)).out).toContain('already up to date');
    const below = await cli.run('bundle', '--version', '7', ...BUNDLE);
    expect(below).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('--version: 7 is below the next version 9 (the bundled rules are v8)'),
    });
    expect(readFileSync(cli.path('bundle/rules.json'))).toEqual(bundled);
  });

  it('a bundled file that is not its document is refused naming it and how to recover, not numbered from (a pointer over rules.json jumped the version)', async () => {
    const rules = readFileSync(cli.path('bundle/rules.json'));
    copyFileSync(cli.path('bundle/timestamp.json'), cli.path('bundle/rules.json'));
    for (const args of [BUNDLE, ['--force', ...BUNDLE]]) {
      const r = await cli.run('bundle', ...args);
      expect(r).toMatchObject({
        code: EXIT.input,
        err: expect.stringMatching(
          /bundle\/rules\.json: payloadType: \S+, not the rules document this file holds; restore the bundle from git/,
        ),
      });
    }
    writeFileSync(cli.path('bundle/rules.json'), rules);
  });
});
