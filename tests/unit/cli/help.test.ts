/** Every verb explains itself; unknown verbs and bad options are usage errors (exit 1). */
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../../tools/rules-cli/cli-error.ts';
import { VERBS } from '../../../tools/rules-cli/main.ts';
import { CliHarness } from './helpers.ts';

const REQUIRED_VERBS = [
  'keygen',
  'root init',
  'root add-key',
  'root remove-key',
  'root set-threshold',
  'root sign',
  'root verify-chain',
  'lint',
  'test',
  'build',
  'sign',
  'verify',
  'diff',
  'publish',
  'timestamp refresh',
  'status',
  'bundle',
];

describe('rules CLI: help and usage', () => {
  const cli = new CliHarness();

  it('has every verb the design names', () => {
    expect(VERBS.map((v) => v.name).sort()).toEqual([...REQUIRED_VERBS].sort());
  });

  it.each(REQUIRED_VERBS)('%s --help explains the verb and the exit codes', async (verb) => {
    const r = await cli.run(...verb.split(' '), '--help');
    expect(r.code).toBe(EXIT.ok);
    expect(r.out).toMatch(/^Usage: rules /);
    expect(r.out).toContain('Exit codes:');
  });

  it('lists the verbs with --help, and with no arguments (exit 1)', async () => {
    const help = await cli.run('--help');
    expect(help.code).toBe(EXIT.ok);
    for (const verb of REQUIRED_VERBS) expect(help.out).toContain(`  ${verb} `);
    expect((await cli.run()).code).toBe(EXIT.usage);
  });

  it('unknown verbs, half a verb, unknown options and missing options are usage errors', async () => {
    expect(await cli.run('frobnicate')).toMatchObject({ code: EXIT.usage, err: expect.stringContaining('unknown verb') });
    expect(await cli.run('root')).toMatchObject({ code: EXIT.usage, err: expect.stringContaining('`root init`') });
    expect(await cli.run('lint', '--no-such-option')).toMatchObject({ code: EXIT.usage });
    expect(await cli.run('build', '--out', 'x.json')).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('--version is required'),
    });
    expect(await cli.run('build', '--version', '1e3', '--out', 'x')).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('--version'),
    });
  });
});
