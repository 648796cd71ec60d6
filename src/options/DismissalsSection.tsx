/** Pages where the person hid the in-page warning: each can be shown again, or all at once. Follows storage changes live. */
import { useEffect, useState } from 'preact/hooks';
import browser from '../platform/browser.ts';
import { dismissalList, readDismissals, withoutDismissal, type Dismissals } from '../ui/dismissals.ts';
import { formatTime, t } from '../ui/i18n.ts';
import { DISMISSALS_KEY } from '../ui/storage-keys.ts';

async function readStored(): Promise<Dismissals> {
  return readDismissals((await browser.storage.local.get(DISMISSALS_KEY))[DISMISSALS_KEY]);
}

export function DismissalsSection() {
  const [dismissals, setDismissals] = useState<Dismissals>({});
  useEffect(() => {
    const refresh = (): void => void readStored().then(setDismissals);
    const onChanged = (changes: Record<string, unknown>, area: string): void => {
      if (area === 'local' && DISMISSALS_KEY in changes) refresh();
    };
    refresh();
    browser.storage.onChanged.addListener(onChanged);
    return () => browser.storage.onChanged.removeListener(onChanged);
  }, []);

  const restore = async (page: string): Promise<void> => {
    await browser.storage.local.set({ [DISMISSALS_KEY]: withoutDismissal(await readStored(), page) });
  };
  const restoreAll = async (): Promise<void> => {
    await browser.storage.local.remove(DISMISSALS_KEY);
  };

  const entries = dismissalList(dismissals);
  return (
    <section aria-labelledby="dismissals-title" data-testid="dismissals">
      <h2 id="dismissals-title">{t('options_dismissals_title')}</h2>
      {entries.length === 0 ? (
        <p data-testid="dismissals-empty">{t('options_dismissals_empty')}</p>
      ) : (
        <>
          <ul class="dismissals">
            {entries.map((entry) => (
              <li key={entry.page} data-page={entry.page}>
                <code>{entry.page}</code>
                <span class="hint">{t('options_dismissed_at', formatTime(entry.at))}</span>
                <button
                  type="button"
                  class="secondary"
                  aria-label={`${t('options_dismissals_restore')}: ${entry.page}`}
                  onClick={() => void restore(entry.page)}
                >
                  {t('options_dismissals_restore')}
                </button>
              </li>
            ))}
          </ul>
          <button type="button" class="secondary" onClick={() => void restoreAll()} data-testid="dismissals-restore-all">
            {t('options_dismissals_restore_all')}
          </button>
        </>
      )}
    </section>
  );
}
