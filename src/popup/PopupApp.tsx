/**
 * The popup's view of one tab: the verdict as a headline; for warning and worse, what to do now and
 * the extensions that can reach the shop; each finding explained; why it matters; the evidence report;
 * official links; the rules feed's status.
 * Everything comes from the background and the packaged locale files: the popup loads nothing from the network.
 */
import { useEffect, useState } from 'preact/hooks';
import browser from '../platform/browser.ts';
import type { Verdict } from '../shared/findings.ts';
import type { DismissEarlierPopupToBG, TabReport, TabReportPopupToBG } from '../shared/protocol.ts';
import { FeedStatusPanel } from '../ui/FeedStatusPanel.tsx';
import { formatTime, t } from '../ui/i18n.ts';
import { InventoryPanel } from '../ui/InventoryPanel.tsx';
import { callsForAction, PAGE_STATE_KEYS, pageStateOf } from '../ui/page-state.ts';
import { FindingList } from './FindingList.tsx';
import { OfficialLinks } from './OfficialLinks.tsx';
import { ReportButton } from './ReportButton.tsx';
import { WhatToDo } from './WhatToDo.tsx';
import { WhyItMatters } from './WhyItMatters.tsx';

export interface PopupTarget {
  tabId: number | null;
  /** Visible only for shop tabs (host permission). */
  tabUrl: string | null;
}

function openSettings(): void {
  void browser.runtime.openOptionsPage().catch(() => undefined);
}

/** A malformed entry must not take the whole popup down with it. */
function wellFormed(verdicts: unknown): Verdict[] {
  return Array.isArray(verdicts) ? verdicts.filter((verdict) => typeof verdict?.finding?.actor?.type === 'string') : [];
}

async function askReport(request: TabReportPopupToBG | DismissEarlierPopupToBG): Promise<TabReport | null> {
  try {
    const reply = (await browser.runtime.sendMessage(request)) as TabReport | undefined;
    if (!reply || !Array.isArray(reply.verdicts)) return null;
    const earlier =
      reply.earlier && typeof reply.earlier.leftAt === 'number' ? { ...reply.earlier, verdicts: wellFormed(reply.earlier.verdicts) } : null;
    return { ...reply, verdicts: wellFormed(reply.verdicts), earlier };
  } catch {
    return null;
  }
}

export function PopupApp({ target }: { target: PopupTarget }) {
  const [report, setReport] = useState<TabReport | null>(null);
  const [loaded, setLoaded] = useState(false);
  /** Dismissing the earlier page's alarm takes its button away: keyboard focus goes to the new headline, not the body. */
  const [focusHeadline, setFocusHeadline] = useState(false);
  useEffect(() => {
    if (!focusHeadline) return;
    setFocusHeadline(false);
    document.getElementById('verdict-title')?.focus();
  }, [focusHeadline, report]);
  useEffect(() => {
    if (target.tabId === null) {
      setLoaded(true);
      return;
    }
    void askReport({ type: 'tab-report/popup-to-bg', tabId: target.tabId }).then((reply) => {
      setReport(reply);
      setLoaded(true);
    });
  }, [target.tabId]);

  if (!loaded) return <p role="status">{t('popup_loading')}</p>;
  const state = target.tabId === null ? 'not-shop' : pageStateOf(report, target.tabUrl);
  const serious = callsForAction(state);
  const earlier = report?.earlier ?? null;
  const seen = (report?.verdicts.length ?? 0) + (earlier?.verdicts.length ?? 0) > 0;
  const dismissEarlier = (): void => {
    if (target.tabId === null) return;
    void askReport({ type: 'dismiss-earlier/popup-to-bg', tabId: target.tabId }).then((reply) => {
      if (!reply) return;
      setReport(reply);
      setFocusHeadline(true);
    });
  };
  return (
    <>
      <section class="headline" data-severity={state} data-testid="verdict" aria-labelledby="verdict-title">
        <h1 id="verdict-title" tabIndex={-1}>
          {t(PAGE_STATE_KEYS[state].title)}
        </h1>
        <p>{t(PAGE_STATE_KEYS[state].detail)}</p>
        {/* An alarm kept after the tab left its page (the helper may have navigated it away itself). */}
        {report?.leftAt != null && <p data-testid="left-page">{t('popup_left_page', formatTime(report.leftAt))}</p>}
        {/* An alarm carried from the page this one replaced (a helper may reload the page right after it acts). */}
        {earlier && <p data-testid="earlier-page">{t('popup_earlier_page', formatTime(earlier.leftAt))}</p>}
      </section>
      {serious && <WhatToDo />}
      {/* Which installed extension can reach the shop: the one to remove (opt-in; flagged ones only here). */}
      {serious && <InventoryPanel compact />}
      <FindingList verdicts={report?.verdicts ?? []} testId="findings" title={t('popup_findings_title')} />
      {earlier && (
        <>
          <FindingList verdicts={earlier.verdicts} testId="earlier-findings" title={t('popup_earlier_findings_title')} />
          <button type="button" class="link-button" onClick={dismissEarlier} data-testid="dismiss-earlier">
            {t('popup_earlier_dismiss')}
          </button>
        </>
      )}
      {serious ? <WhyItMatters /> : <p class="tip">{t('clean_tip')}</p>}
      {report && target.tabId !== null && seen && <ReportButton tabId={target.tabId} />}
      <OfficialLinks />
      <FeedStatusPanel fallbackVersion={report?.rulesVersion} />
      <footer>
        <button type="button" class="link-button" onClick={openSettings} data-testid="open-options">
          {t('popup_settings')}
        </button>
      </footer>
    </>
  );
}
