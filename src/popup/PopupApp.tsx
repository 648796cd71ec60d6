/** The popup's view: the verdict headline for the tab, each finding explained, what to do, evidence, the rules' status. */
import { useEffect, useState } from 'preact/hooks';
import browser from '../platform/browser.ts';
import { severityRank } from '../shared/findings.ts';
import type { TabReport, TabReportPopupToBG } from '../shared/protocol.ts';
import { VERDICT_KEYS } from '../ui/explain.ts';
import { FeedStatusPanel } from '../ui/FeedStatusPanel.tsx';
import { t } from '../ui/i18n.ts';
import { FindingItem } from './FindingItem.tsx';
import { OfficialLinks } from './OfficialLinks.tsx';
import { ReportButton } from './ReportButton.tsx';
import { WhatToDo } from './WhatToDo.tsx';

function openSettings(): void {
  void browser.runtime.openOptionsPage().catch(() => undefined);
}

export function PopupApp({ tabId }: { tabId: number | null }) {
  const [report, setReport] = useState<TabReport | null>(null);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => {
    if (tabId === null) {
      setLoaded(true);
      return;
    }
    const request: TabReportPopupToBG = { type: 'tab-report/popup-to-bg', tabId };
    void (browser.runtime.sendMessage(request) as Promise<TabReport | undefined>)
      .catch(() => undefined)
      .then((reply) => {
        setReport(reply ?? null);
        setLoaded(true);
      });
  }, [tabId]);

  if (!loaded) return <p>{t('popup_loading')}</p>;
  const level = report?.severity ?? 'clean';
  const onShop = Boolean(report?.pageUrl);
  const serious = level !== 'clean' && severityRank(level) >= severityRank('warning');
  return (
    <>
      <section class="headline" data-severity={level} data-testid="verdict" aria-labelledby="verdict-title">
        <h1 id="verdict-title">{t(VERDICT_KEYS[level].title)}</h1>
        <p>{onShop || level !== 'clean' ? t(VERDICT_KEYS[level].detail) : t('verdict_not_shop')}</p>
      </section>
      {report && report.verdicts.length > 0 && (
        <section aria-labelledby="findings-title">
          <h2 id="findings-title">{t('popup_findings_title')}</h2>
          <ul class="findings" data-testid="findings">
            {report.verdicts.map((verdict, index) => (
              <FindingItem key={index} verdict={verdict} />
            ))}
          </ul>
        </section>
      )}
      {serious ? <WhatToDo /> : <p class="tip">{t('clean_tip')}</p>}
      {report && tabId !== null && report.verdicts.length > 0 && <ReportButton tabId={tabId} />}
      <FeedStatusPanel fallbackVersion={report?.rulesVersion} />
      <OfficialLinks />
      <footer>
        <button type="button" class="link-button" onClick={openSettings} data-testid="open-options">
          {t('popup_settings')}
        </button>
      </footer>
    </>
  );
}
