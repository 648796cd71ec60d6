/** The popup's view: the verdict headline for the tab and each finding explained. */
import { useEffect, useState } from 'preact/hooks';
import type { TabReport, TabReportPopupToBG } from '../shared/protocol.ts';
import browser from '../platform/browser.ts';
import { t } from '../ui/i18n.ts';
import { FindingItem } from './FindingItem.tsx';

export function PopupApp({ tabId }: { tabId: number | null }) {
  const [report, setReport] = useState<TabReport | null>(null);
  useEffect(() => {
    if (tabId === null) return;
    const request: TabReportPopupToBG = { type: 'tab-report/popup-to-bg', tabId };
    void (browser.runtime.sendMessage(request) as Promise<TabReport | undefined>).then((reply) => setReport(reply ?? null));
  }, [tabId]);

  if (!report) return <p>{t('popup_loading')}</p>;
  const level = report.severity ?? 'clean';
  return (
    <>
      <section class="headline" data-severity={level} data-testid="verdict">
        <h1>{t(`verdict_${level}`)}</h1>
        <p>{t(`verdict_${level}_detail`)}</p>
      </section>
      {report.verdicts.length > 0 && (
        <ul class="findings" data-testid="findings">
          {report.verdicts.map((verdict, index) => (
            <FindingItem key={index} verdict={verdict} />
          ))}
        </ul>
      )}
      <footer>
        <p class="actor">
          {t('popup_rules_version')}: {report.rulesVersion}
        </p>
      </footer>
    </>
  );
}
