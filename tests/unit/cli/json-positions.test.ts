/**
 * A JSON mistake in any file the CLI reads (rule source, payload, envelope, root document, key file, a
 * file to diff) is an input error (exit 2) at `file:line:column: what was expected` — the form editors
 * and terminals jump to — never an offset the maintainer has to count characters to find.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PAYLOAD_TYPES } from '../../../src/shared/feed/payload.ts';
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

  describe('the JSON embedded in a signed envelope', () => {
    // A payload pretty-printed, one comma missing after rules[2]'s id, and signed as it stands.
    const brokenPayload = (): { text: string; line: number; column: number } => {
      const doc = JSON.parse(readFileSync(cli.path('p.json'), 'utf8')) as { body: { rules: { id: string }[] } };
      const lines = JSON.stringify(doc, null, 2).split('\n');
      const at = lines.indexOf(lines.find((l) => l.trim() === `"id": ${JSON.stringify(doc.body.rules[2]!.id)},`)!);
      lines[at] = lines[at]!.slice(0, -1);
      const next = lines[at + 1]!;
      return { text: lines.join('\n'), line: at + 2, column: next.length - next.trimStart().length + 1 };
    };

    it('is named as the payload, at its line:column once decoded, by the verbs that verify it and those that read it', async () => {
      const { text, line, column } = brokenPayload();
      writeFileSync(cli.path('e-payload.json'), await cli.signedEnvelope(PAYLOAD_TYPES.rules, text, ['maintainer-a', 'maintainer-b']));
      const expected = `e-payload.json: payload ${line}:${column}: expected ',' or '}' (at $.body.rules[2])`;
      for (const argv of [
        ['verify', 'e-payload.json', '--root-dir', 'root'],
        ['timestamp', 'refresh', '--rules', 'e-payload.json', '--out', 't.json', '--dir', 'pub', '--root-dir', 'root'],
        ['sign', '--in', 'e-payload.json', '--key', 'maintainer-c', '--out', 'e.json', '--root-dir', 'root'],
        ['diff', 'e-payload.json', 'p.json'],
      ]) {
        const r = await cli.run(...argv);
        expect(r, argv[0]).toMatchObject({ code: EXIT.input, err: expect.stringContaining(expected) });
        expect(r.err, argv[0]).not.toContain('offset');
      }
    });

    it('is still verified first: below the threshold the signature is what is reported (exit 3), not the JSON', async () => {
      const { text } = brokenPayload();
      writeFileSync(cli.path('e-one-signature.json'), await cli.signedEnvelope(PAYLOAD_TYPES.rules, text, ['maintainer-a']));
      const r = await cli.run('verify', 'e-one-signature.json', '--root-dir', 'root');
      expect(r).toMatchObject({ code: EXIT.verification, err: expect.stringContaining('e-one-signature.json: THRESHOLD_NOT_MET') });
      expect(r.err).not.toContain("expected ','");
    });
  });
});
