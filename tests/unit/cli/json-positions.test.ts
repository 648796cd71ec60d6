/**
 * A JSON mistake in any file the CLI reads (rule source, payload, envelope, root document, key file, a
 * file to diff) is an input error (exit 2) at `file:line:column: what was expected` — the form editors
 * and terminals jump to — never an offset the maintainer has to count characters to find.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { EXIT } from '../../../tools/rules-cli/cli-error.ts';
import { CliHarness, SOURCES } from './helpers.ts';

describe('rules CLI: JSON mistakes are reported at file:line:column', { timeout: 30_000 }, () => {
  const cli = new CliHarness();
  beforeAll(async () => {
    await cli.withRoot();
    await cli.ok('build', '--version', '1', '--out', 'p.json', '--src', SOURCES, '--root-dir', 'root');
  }, 60_000);

  const refused = (file: string, at: string) => ({ code: EXIT.input, err: expect.stringContaining(`${file}:${at}`) });

  it('a rule source with a missing comma', async () => {
    cpSync(SOURCES, cli.path('src'), { recursive: true });
    writeFileSync(
      cli.path('src/broken.json'),
      '{\n  "thresholds": {\n    "reload_window_ms": 60000\n    "reloads_per_minute": 30\n  }\n}\n',
    );
    const r = await cli.run('lint', '--src', 'src');
    expect(r).toMatchObject(refused('src/broken.json', "4:5: expected ',' or '}' (at $.thresholds)"));
    expect(r.err).not.toContain('offset');
  });

  it('a payload to sign, on its one line', async () => {
    const text = readFileSync(cli.path('p.json'), 'utf8');
    const comma = text.indexOf(',');
    writeFileSync(cli.path('p-broken.json'), text.slice(0, comma) + text.slice(comma + 1));
    const r = await cli.run('sign', '--in', 'p-broken.json', '--key', 'maintainer-a', '--out', 'e.json', '--root-dir', 'root');
    expect(r).toMatchObject(refused('p-broken.json', `1:${comma + 1}: expected ',' or '}'`));
  });

  it('an envelope to verify', async () => {
    writeFileSync(cli.path('e-broken.json'), '{\n  "payloadType": "application/vnd.saq.rules+json"\n  "payload": ""\n}\n');
    expect(await cli.run('verify', 'e-broken.json', '--root-dir', 'root')).toMatchObject(
      refused('e-broken.json', "3:3: expected ',' or '}'"),
    );
  });

  it('a root document in the root directory', async () => {
    mkdirSync(cli.path('root-broken'));
    cpSync(cli.path('root/1.root.json'), cli.path('root-broken/1.root.json'));
    writeFileSync(cli.path('root-broken/2.root.json'), '{\n  "payloadType": "application/vnd.saq.root+json",\n}\n');
    expect(await cli.run('root', 'verify-chain', '--root-dir', 'root-broken')).toMatchObject(
      refused('root-broken/2.root.json', '3:1: expected a string key'),
    );
  });

  it('a key file', async () => {
    writeFileSync(cli.path('keys/broken.key.json'), '{\n  "format": "saq-ed25519-secret/1",\n  "label": "x",,\n}\n');
    const r = await cli.run('sign', '--in', 'p.json', '--key', 'keys/broken.key.json', '--out', 'e.json', '--root-dir', 'root');
    expect(r).toMatchObject(refused('keys/broken.key.json', '3:16: expected a string key'));
  });

  it('a file to diff, with a value missing', async () => {
    writeFileSync(cli.path('body-broken.json'), '{\n  "rules": [\n    1,\n    \n  ]\n}\n');
    expect(await cli.run('diff', 'body-broken.json', 'p.json')).toMatchObject(
      refused('body-broken.json', '5:3: expected a value, found "]"'),
    );
  });
});
