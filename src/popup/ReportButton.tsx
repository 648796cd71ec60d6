/**
 * "Save evidence report": asks the background for the tab's report, adds the explanations in the
 * person's language, and saves it twice — JSON for the bank's or police's tools, HTML to read and print.
 */
import { useState } from 'preact/hooks';
import browser from '../platform/browser.ts';
import type { EvidenceReportPopupToBG } from '../shared/protocol.ts';
import { reportFileName, reportJson, type EvidenceReport } from '../ui/evidence.ts';
import { currentLanguage, formatTime, t } from '../ui/i18n.ts';
import { renderReportHtml } from '../ui/report-html.ts';
import { saveTextFile } from '../ui/save-file.ts';

type State = 'idle' | 'saved' | 'failed';

async function saveReport(tabId: number): Promise<void> {
  const request: EvidenceReportPopupToBG = { type: 'evidence-report/popup-to-bg', tabId };
  const report = (await browser.runtime.sendMessage(request)) as EvidenceReport | undefined;
  if (!report || !Array.isArray(report.findings)) throw new Error('the background sent no report');
  saveTextFile(reportFileName(report, 'json'), 'application/json', reportJson(report, t, currentLanguage()));
  saveTextFile(reportFileName(report, 'html'), 'text/html', renderReportHtml(report, t, formatTime, currentLanguage()));
}

export function ReportButton({ tabId }: { tabId: number }) {
  const [state, setState] = useState<State>('idle');
  const onClick = (): void => {
    saveReport(tabId).then(
      () => setState('saved'),
      () => setState('failed'),
    );
  };
  return (
    <section class="report" data-testid="report">
      <button type="button" class="primary" onClick={onClick} data-testid="save-report">
        {t('report_save')}
      </button>
      <p class="hint">{t('report_hint')}</p>
      {state !== 'idle' && (
        <p role="status" class={state === 'failed' ? 'error' : 'ok'}>
          {state === 'saved' ? t('report_saved') : t('report_failed')}
        </p>
      )}
    </section>
  );
}
