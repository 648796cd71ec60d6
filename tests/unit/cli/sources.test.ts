/**
 * Malformed rule sources are input errors (exit 2) naming the file and the field, never skipped: a
 * `rules` map instead of a list used to lint "ok" with those rules silently missing from the set, and a
 * duplicate key in a rule (JSON.parse keeps the last) silently changed its severity.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT } from '../../../tools/rules-cli/cli-error.ts';
import { CliHarness, REPO, SOURCES } from './helpers.ts';

type Source = Record<string, unknown>;

/** A fresh copy of rules/src with one file edited, linted, tested and built by the CLI. */
async function withEdited(file: string, edit: (text: string) => string): Promise<CliHarness> {
  const cli = new CliHarness();
  cpSync(SOURCES, cli.path('src'), { recursive: true });
  const path = cli.path('src', file);
  writeFileSync(path, edit(readFileSync(path, 'utf8')));
  return cli;
}

const reshape = (change: (source: Source) => void) => (text: string) => {
  const source = JSON.parse(text) as Source;
  change(source);
  return JSON.stringify(source, null, 2);
};

describe('rules CLI: malformed sources', () => {
  it('the real rules/src lints and tests clean (benign corpus included)', async () => {
    const cli = new CliHarness();
    expect((await cli.ok('lint', '--src', SOURCES)).out).toContain('lint ok');
    const tested = await cli.ok('test', '--src', SOURCES, '--benign', join(REPO, 'rules/benign'));
    expect(tested.out).toContain('samples ok');
    expect(tested.out).toContain('0 false positive(s)');
  });

  it.each([
    {
      what: 'rules keyed by id instead of a list',
      file: 'automation.json',
      change: (s: Source) => (s.rules = Object.fromEntries((s.rules as { id: string }[]).map((r) => [r.id, r]))),
      message: 'automation.json: rules: must be a list',
    },
    {
      what: 'rules as a string',
      file: 'exfiltration.json',
      change: (s: Source) => (s.rules = 'none'),
      message: 'exfiltration.json: rules: must be a list',
    },
    {
      what: 'site_profile as a list',
      file: 'site-profile.json',
      change: (s: Source) => (s.site_profile = [s.site_profile]),
      message: 'site-profile.json: site_profile: must be an object',
    },
    {
      what: 'indicators as a list',
      file: 'exfiltration.json',
      change: (s: Source) => (s.indicators = []),
      message: 'exfiltration.json: indicators: must be an object',
    },
    {
      what: 'thresholds as null',
      file: 'thresholds.json',
      change: (s: Source) => (s.thresholds = null),
      message: 'thresholds.json: thresholds: must be an object',
    },
  ])('$what: exit 2, "$message"', async ({ file, change, message }) => {
    const cli = await withEdited(file, reshape(change));
    for (const verb of ['lint', 'test']) {
      const r = await cli.run(verb, '--src', 'src');
      expect(r, verb).toMatchObject({ code: EXIT.input, err: expect.stringContaining(`src/${message}`) });
    }
  });

  type Profile = Record<string, unknown[] | number>;
  const profileOf = (s: Source) => s.site_profile as Profile;
  const thresholdsOf = (s: Source) => s.thresholds as Record<string, number>;

  it.each([
    {
      what: 'a shop host in upper case',
      file: 'site-profile.json',
      change: (s: Source) => (profileOf(s).shop_hosts = ['Kazcoins.Example']),
      message: 'site-profile.json: site_profile.shop_hosts[0]: must be a lower-case host name',
    },
    {
      what: 'a required profile field missing',
      file: 'site-profile.json',
      change: (s: Source) => delete profileOf(s).shop_hosts,
      message: 'site-profile.json: site_profile.shop_hosts: Invalid input',
    },
    {
      what: 'a profile pattern that does not compile',
      file: 'site-profile.json',
      change: (s: Source) => (profileOf(s).cart_url_patterns = ['/api/cart/**', 'api/basket']),
      message: 'site-profile.json: site_profile.cart_url_patterns[1]: pattern must start with `/`',
    },
    {
      what: 'an unknown indicator list (a typo of hosts)',
      file: 'tamper.json',
      change: (s: Source) => ((s.indicators as Record<string, unknown>).hostz = [{ rule: 'SAQ-DEF-001', values: ['a.example'] }]),
      message: 'tamper.json: indicators.hostz: Unrecognized key',
    },
    {
      what: 'a negative threshold',
      file: 'thresholds.json',
      change: (s: Source) => (thresholdsOf(s).cart_requests_per_sec = -1),
      message: 'thresholds.json: thresholds.cart_requests_per_sec: Too small',
    },
  ])('$what is named in its source, not the assembled body: "$message"', async ({ file, change, message }) => {
    const cli = await withEdited(file, reshape(change));
    for (const verb of ['lint', 'test']) {
      const r = await cli.run(verb, '--src', 'src');
      expect(r, verb).toMatchObject({ code: EXIT.input, err: expect.stringContaining(`src/${message}`) });
      expect(r.err, verb).not.toContain('assembled');
    }
  });

  it('an indicator budget refusal beside an unknown indicator list is not laid on that list', async () => {
    const many = Array.from({ length: 200_001 }, (_, i) => `h${i}.example`);
    const cli = await withEdited(
      'tamper.json',
      reshape((s) => {
        const indicators = s.indicators as Record<string, unknown[]>;
        indicators.hosts = [...(indicators.hosts ?? []), { rule: 'SAQ-DEF-001', values: many }];
        indicators.hostz = [];
      }),
    );
    const r = await cli.run('lint', '--src', 'src');
    expect(r).toMatchObject({ code: EXIT.input, err: expect.stringContaining('indicator values; the budget is 200000') });
    expect(r.err).not.toContain('indicators.hostz: 2');
  });

  it('a profile entry from a second source is named there, at its own index (lists merge de-duplicated)', async () => {
    const cli = await withEdited('site-profile.json', (text) => text);
    const first = (JSON.parse(readFileSync(cli.path('src/site-profile.json'), 'utf8')) as { site_profile: Profile }).site_profile;
    // After site-profile.json's one host: the bad host is [1] in its source but [2] once merged.
    const hosts = ['extra.example', 'Bad.Example', (first.shop_hosts as string[])[0]];
    writeFileSync(cli.path('src/zz-extra.json'), JSON.stringify({ site_profile: { shop_hosts: hosts } }));
    const r = await cli.run('lint', '--src', 'src');
    expect(r).toMatchObject({ code: EXIT.input, err: expect.stringContaining('src/zz-extra.json: site_profile.shop_hosts[1]: must be') });
  });

  it('an unknown profile field, with two sources holding site_profile, is named in the source that holds it', async () => {
    const cli = await withEdited('site-profile.json', (text) => text);
    // "shop_host" for "shop_hosts": the typo a second profile source is likely to carry.
    writeFileSync(cli.path('src/zz-extra.json'), JSON.stringify({ site_profile: { shop_host: ['extra.example'] } }, null, 2));
    for (const verb of ['lint', 'test']) {
      const r = await cli.run(verb, '--src', 'src');
      expect(r, verb).toMatchObject({ code: EXIT.input, err: expect.stringContaining('src/zz-extra.json: site_profile.shop_host: ') });
      expect(r.err, verb).not.toContain('assembled');
    }
  });

  it('a duplicate key inside a rule is refused, not "last one wins": exit 2 naming the file and the field', async () => {
    // A second "severity" placed before the first, as a hurried edit would leave it.
    const cli = await withEdited('exfiltration.json', (text) => text.replace('"severity": ', '"severity": "info", "severity": '));
    const r = await cli.run('lint', '--src', 'src');
    expect(r.code).toBe(EXIT.input);
    expect(r.err).toContain('src/exfiltration.json');
    expect(r.err).toMatch(/duplicate key "severity".*\$\.rules\[0\]\.severity/);
  });

  it('fractions stay legal where sources use them (thresholds, sample evidence); exponents do not', async () => {
    const ok = await withEdited(
      'thresholds.json',
      reshape((s) => ((s.thresholds as Source).purchase_interval_cv_max = 0.125)),
    );
    expect((await ok.ok('lint', '--src', 'src')).out).toContain('lint ok');
    const exp = await withEdited('thresholds.json', (text) => text.replace(/(: )0\.\d+/, '$11e-1'));
    expect(await exp.run('lint', '--src', 'src')).toMatchObject({
      code: EXIT.input,
      err: expect.stringMatching(/src\/thresholds\.json:\d+:\d+: exponents are not allowed \(at \$\.thresholds\./),
    });
  });
});
