/**
 * `lint` warns (exit 0, the warning printed) on mistakes that compile but do nothing: a threshold name
 * the extension does not read and no rule refers to (a typo leaves the real one at its default), and a
 * URL pattern written as a regular expression (rule patterns are literal text with `*` and `**`).
 * Patterns that are sensible globs, and the real sources, stay silent.
 */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CliHarness, SOURCES } from './helpers.ts';

type Source = Record<string, unknown>;

function withSources(): CliHarness {
  const cli = new CliHarness();
  cpSync(SOURCES, cli.path('src'), { recursive: true });
  return cli;
}

function edit(cli: CliHarness, file: string, change: (source: Source) => void): void {
  const path = cli.path('src', file);
  const source = JSON.parse(readFileSync(path, 'utf8')) as Source;
  change(source);
  writeFileSync(path, JSON.stringify(source, null, 2));
}

const warnings = (out: string): string[] => out.split('\n').filter((line) => line.startsWith('warning: '));

describe('rules CLI: lint warnings', () => {
  it('the real sources lint with no warning', async () => {
    const r = await new CliHarness().ok('lint', '--src', SOURCES);
    expect(warnings(r.out)).toEqual([]);
    expect(r.out).toContain('0 warning(s)');
  });

  it('a threshold name the extension does not know (a typo) is a warning naming the source and field', async () => {
    const cli = withSources();
    edit(cli, 'thresholds.json', (s) => ((s.thresholds as Record<string, number>).cart_request_per_sec = 6));
    const r = await cli.ok('lint', '--src', 'src');
    expect(warnings(r.out)).toEqual([
      expect.stringMatching(/^warning: src\/thresholds\.json: thresholds\.cart_request_per_sec: unknown threshold "cart_request_per_sec"/),
    ]);
    expect(r.out).toContain('1 warning(s)');
  });

  it('a new threshold name a rule refers to is not a warning', async () => {
    const cli = withSources();
    edit(cli, 'thresholds.json', (s) => ((s.thresholds as Record<string, number>).cart_requests_per_sec_strict = 6));
    const purchase = cli.path('src/purchase.json');
    const text = readFileSync(purchase, 'utf8');
    expect(text).toContain('"threshold": "cart_requests_per_sec"');
    writeFileSync(purchase, text.replace('"threshold": "cart_requests_per_sec"', '"threshold": "cart_requests_per_sec_strict"'));
    expect(warnings((await cli.ok('lint', '--src', 'src')).out)).toEqual([]);
  });

  it("a rule's URL pattern written as a regular expression is a warning; glob patterns are not", async () => {
    const cli = withSources();
    const exfil = JSON.parse(readFileSync(cli.path('src/exfiltration.json'), 'utf8')) as { rules: Source[] };
    const rule = structuredClone(exfil.rules.find((r) => r.id === 'SAQ-EXF-001')!);
    const benign = [
      'https://collector.example.net/**',
      'wss://relay.example.org/**',
      'https://*.example.com/**',
      'https://cdn.example/app.*.js',
      'https://api.example/odata/$batch',
      'https://api.example/search?q=*',
      'https://api.example/list?filter[created-at]=*',
      '/api/(legacy)/cart',
    ];
    const regexes = [
      'https://collector\\.example\\.net/c',
      'https://relay.example.org/.*',
      'https://api.example/(?:cart|basket)/add',
      'https://api.example/cart$',
      '/api/v[0-9]/cart',
      '/api/carts?/add',
    ];
    rule.id = 'SAQ-EXF-099';
    rule.when = { evidence: { url: { url_origin: ['foreign'], url_pattern: [...benign, ...regexes] } } };
    writeFileSync(cli.path('src/zz-regex.json'), JSON.stringify({ rules: [rule] }, null, 2));
    const r = await cli.ok('lint', '--src', 'src');
    expect(warnings(r.out)).toEqual(
      regexes.map((_, i) =>
        expect.stringMatching(
          new RegExp(
            `^warning: src/zz-regex\\.json: rules\\[0\\]\\.when\\.evidence\\.url\\.url_pattern\\[${benign.length + i}\\]: pattern looks like a regular expression`,
          ),
        ),
      ),
    );
    expect(r.out).toContain('only * (any run but /) and ** (any run) are special');
  });

  it('a regex in a site profile pattern is a warning too', async () => {
    const cli = withSources();
    edit(cli, 'site-profile.json', (s) => (s.site_profile as Record<string, string[]>).order_url_patterns!.push('/api/orders/\\d+'));
    expect(warnings((await cli.ok('lint', '--src', 'src')).out)).toEqual([
      expect.stringMatching(
        /^warning: src\/site-profile\.json: site_profile\.order_url_patterns\[2\]: pattern looks like a regular expression: `\\`/,
      ),
    ]);
  });

  it('a profile selector the browser cannot parse is a warning naming the source, the field and why', async () => {
    const cli = withSources();
    edit(cli, 'site-profile.json', (s) => {
      const profile = s.site_profile as Record<string, string[]>;
      profile.purchase_control_selectors!.push('button[[', 'button.buy, a.buy', ':is(button, a)[data-action="buy"]');
      profile.sensitive_field_selectors!.push('input:pasword', 'a{} input', '#1st');
    });
    const controls = (await cli.ok('lint', '--src', 'src')).out;
    const n = (field: string, from: number): string => `site_profile\\.${field}\\[${from}\\]`;
    const purchase = JSON.parse(readFileSync(cli.path('src/site-profile.json'), 'utf8')) as { site_profile: Record<string, string[]> };
    const at = (field: string, selector: string): number => purchase.site_profile[field]!.indexOf(selector);
    expect(warnings(controls)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^warning: src/site-profile\\.json: ${n('purchase_control_selectors', at('purchase_control_selectors', 'button[['))}: selector "button\\[\\[" does not parse \\(.+\\); the extension drops it`,
        ),
      ),
      expect.stringMatching(
        new RegExp(
          `${n('sensitive_field_selectors', at('sensitive_field_selectors', 'input:pasword'))}: selector "input:pasword" does not parse \\('pasword' is not recognized as a valid pseudo-class`,
        ),
      ),
      expect.stringMatching(
        new RegExp(`${n('sensitive_field_selectors', at('sensitive_field_selectors', 'a{} input'))}: .*not one selector list`),
      ),
      expect.stringMatching(
        new RegExp(`${n('sensitive_field_selectors', at('sensitive_field_selectors', '#1st'))}: selector "#1st" does not parse`),
      ),
    ]);
    expect(controls).toContain('4 warning(s)');
  });
});
