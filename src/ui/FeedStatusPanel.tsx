/**
 * The rules feed's status, shared by the popup (compact) and the options page (with "check now").
 * Asks the background with `feed-status/popup-to-bg`; no answer shows "not checked yet", never "ok".
 */
import { useEffect, useState } from 'preact/hooks';
import browser from '../platform/browser.ts';
import { FeedErrorSentence } from './FeedErrorSentence.tsx';
import { feedStateKey, keepsLastGood, readFeedStatus, UNKNOWN_FEED, UNLISTED_ERROR, type FeedStatusView } from './feed-status.ts';
import { formatTime, t } from './i18n.ts';

async function askStatus(): Promise<FeedStatusView> {
  try {
    return readFeedStatus(await browser.runtime.sendMessage({ type: 'feed-status/popup-to-bg' }));
  } catch {
    return UNKNOWN_FEED;
  }
}

export function FeedStatusPanel({ withCheckNow = false, fallbackVersion }: { withCheckNow?: boolean; fallbackVersion?: string }) {
  const [status, setStatus] = useState<FeedStatusView | null>(null);
  const [checking, setChecking] = useState(false);
  useEffect(() => {
    void askStatus().then(setStatus);
  }, []);

  const checkNow = async (): Promise<void> => {
    if (checking) return;
    setChecking(true);
    try {
      await browser.runtime.sendMessage({ type: 'feed-check-now/popup-to-bg' });
    } catch {
      // The status below says what happened.
    }
    setStatus(await askStatus());
    setChecking(false);
  };

  const view = status ?? UNKNOWN_FEED;
  const version = view.rulesVersion ?? fallbackVersion;
  return (
    <section class="feed" data-testid="feed-status" data-state={view.state} aria-labelledby="feed-title">
      <h2 id="feed-title">{t('feed_title')}</h2>
      {/* Where "check now" is, its result is announced: the state is a live region there. */}
      <p class={`feed-state feed-${view.state}`} role={withCheckNow ? 'status' : undefined}>
        {t(feedStateKey(view.state))}
      </p>
      {view.error && <FeedErrorSentence error={view.error} />}
      {keepsLastGood(view) && <p data-testid="feed-kept">{t('feed_kept')}</p>}
      <dl>
        {version && (
          <>
            <dt>{t('feed_version')}</dt>
            <dd>{version}</dd>
          </>
        )}
        <dt>{t('feed_last_check')}</dt>
        <dd>{formatTime(view.lastCheck)}</dd>
        {withCheckNow && (
          <>
            <dt>{t('feed_last_success')}</dt>
            <dd>{formatTime(view.lastSuccess)}</dd>
            {view.issued && (
              <>
                <dt>{t('feed_issued')}</dt>
                <dd>{formatTime(view.issued)}</dd>
              </>
            )}
            {view.expires && (
              <>
                <dt>{t('feed_expires')}</dt>
                <dd>{formatTime(view.expires)}</dd>
              </>
            )}
          </>
        )}
        {/* The code for a maintainer or support; an unlisted failure has none worth showing. */}
        {view.error && view.error !== UNLISTED_ERROR && (
          <>
            <dt>{t('feed_error')}</dt>
            <dd>
              <code data-testid="feed-error-code">{view.error}</code>
            </dd>
          </>
        )}
      </dl>
      {view.clockHint && <p>{t('feed_clock_hint')}</p>}
      {withCheckNow && (
        // aria-disabled, not disabled, while it checks: a disabled button loses keyboard focus to the page's body.
        <button type="button" onClick={() => void checkNow()} aria-disabled={checking} data-testid="feed-check-now">
          {checking ? t('feed_checking') : t('feed_check_now')}
        </button>
      )}
    </section>
  );
}
