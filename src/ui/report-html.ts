/**
 * The human-readable copy of the evidence report: one self-contained HTML file (no scripts, no remote
 * resources) in the person's language, that prints well; its text follows the browser's default size (rem). Every value is escaped — the findings come
 * from a hostile page.
 */
import type { EvidenceReport, PageEvidence } from './evidence.ts';
import { ACTOR_KEYS, ruleText, SEVERITY_KEYS } from './explain.ts';
import type { Translate } from './translate.ts';

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

function row(label: string, value: string): string {
  return `<tr><th scope="row">${escapeHtml(label)}</th><td>${value}</td></tr>`;
}

function list(items: readonly string[], none: string): string {
  if (items.length === 0) return `<p>${escapeHtml(none)}</p>`;
  return `<ul>${items.map((item) => `<li><code>${escapeHtml(item)}</code></li>`).join('')}</ul>`;
}

/** One page's findings, scripts, destinations and extensions; `level` is the heading level of each part. */
function pageParts(page: PageEvidence, t: Translate, formatTime: (at: string) => string, level: 2 | 3): string {
  const none = t('report_none');
  const h = (key: string): string => `<h${level}>${escapeHtml(t(key))}</h${level}>`;
  const findings = page.findings
    .map((finding) => {
      const who = [
        t(ACTOR_KEYS[finding.actor.type]),
        finding.actor.url,
        finding.actor.extensionId,
        finding.actor.sha256 && `SHA-256 ${finding.actor.sha256}`,
      ]
        .filter(Boolean)
        .map(escapeHtml)
        .join('<br>');
      const evidence = [
        ...(finding.frameUrl && finding.frameUrl !== page.pageUrl
          ? [`${escapeHtml(t('report_frame'))}: ${escapeHtml(finding.frameUrl)}`]
          : []),
        ...Object.entries(finding.evidence).map(([key, value]) => `${escapeHtml(key)}: ${escapeHtml(value)}`),
        ...(finding.withheld.length > 0 ? [escapeHtml(t('report_withheld', finding.withheld.join(', ')))] : []),
        ...finding.references.map((reference) => `${escapeHtml(t('report_reference'))}: ${escapeHtml(reference)}`),
      ].join('<br>');
      // Judged more than once: from the first time to the last, and how often (the evidence is the last one's).
      const first = finding.firstAt ? `${escapeHtml(formatTime(finding.firstAt))} –<br>` : '';
      const times = finding.seen > 1 ? `<br>${escapeHtml(t('finding_repeated', String(finding.seen)))}` : '';
      return `<tr><td>${first}${escapeHtml(formatTime(finding.at))}<br><small>${escapeHtml(finding.at)}</small>${times}</td><td>${escapeHtml(t(SEVERITY_KEYS[finding.severity]))}</td><td>${escapeHtml(ruleText(t, finding.messageKey, finding.ruleId))}<br><small>${escapeHtml(finding.ruleId)} · ${escapeHtml(finding.kind)}</small></td><td>${who}</td><td><small>${evidence}</small></td></tr>`;
    })
    .join('\n');
  const scripts = page.scripts.map((script) =>
    [t(script.role === 'acted' ? 'report_script_acted' : 'report_script_inserted'), script.url, script.sha256 && `SHA-256 ${script.sha256}`]
      .filter(Boolean)
      .join(' — '),
  );
  return `${h('report_findings')}
<table>
<thead><tr><th>${escapeHtml(t('report_time'))}</th><th>${escapeHtml(t('report_severity'))}</th><th>${escapeHtml(t('report_rule'))}</th><th>${escapeHtml(t('report_actor'))}</th><th>${escapeHtml(t('report_evidence'))}</th></tr></thead>
<tbody>
${findings}
</tbody>
</table>
${h('report_scripts')}
${list(scripts, none)}
${h('report_destinations')}
${list(page.destinations, none)}
${h('report_extensions')}
${list(page.extensionIds, none)}`;
}

/** The rows that say which page, whether the tab left it, and how bad it was. */
function pageRows(page: PageEvidence, t: Translate, formatTime: (at: string) => string): string {
  const none = t('report_none');
  return `${row(t('report_page'), `<code>${escapeHtml(page.pageUrl ?? none)}</code>`)}
${page.leftAt ? row(t('report_left_at'), `${escapeHtml(formatTime(page.leftAt))} (${escapeHtml(page.leftAt)})`) : ''}
${row(t('report_severity'), escapeHtml(page.severity ? t(SEVERITY_KEYS[page.severity]) : none))}
${row(t('report_observations'), escapeHtml(page.observationCount))}`;
}

export function renderReportHtml(report: EvidenceReport, t: Translate, formatTime: (at: string) => string, lang: string): string {
  const earlier = report.earlier
    ? `<h2>${escapeHtml(t('report_earlier_title'))}</h2>
<table>
${pageRows(report.earlier, t, formatTime)}
</table>
${pageParts(report.earlier, t, formatTime, 3)}
`
    : '';
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>${escapeHtml(t('report_title'))} — ${escapeHtml(report.createdAt)}</title>
<style>
body { font: 0.875rem/1.45 system-ui, sans-serif; color: #1b1f24; max-width: 1100px; margin: 24px auto; padding: 0 16px; }
table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; }
th, td { border: 1px solid #c9d1d9; padding: 6px 8px; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #f3f5f7; }
code { overflow-wrap: anywhere; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(t('report_title'))}</h1>
<table>
${row(t('report_created'), `${escapeHtml(formatTime(report.createdAt))} (${escapeHtml(report.createdAt)})`)}
${pageRows(report, t, formatTime)}
${row(t('report_saq_version'), escapeHtml(report.saqVersion))}
${row(t('popup_rules_version'), escapeHtml(report.rulesVersion))}
${row(t('report_browser'), escapeHtml(report.browser))}
</table>
${pageParts(report, t, formatTime, 2)}
${earlier}<p><small>${escapeHtml(t('report_privacy_note'))}</small></p>
</main>
</body>
</html>
`;
}
