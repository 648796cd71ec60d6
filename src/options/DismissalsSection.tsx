/** Pages where the person hid the in-page warning: each can be shown again, or all at once. Follows storage changes live. */
import { useEffect, useRef, useState } from 'preact/hooks';
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

  /**
   * "Show again" takes its own button away: keyboard focus would fall to the page's body, and the person
   * would start again from the top. It goes to the button now in that place (the next page's), or to the
   * heading once the list is empty.
   */
  const section = useRef<HTMLElement>(null);
  const [refocus, setRefocus] = useState<number | null>(null);
  useEffect(() => {
    const root = section.current;
    if (refocus === null || !root) return;
    setRefocus(null);
    const active = document.activeElement;
    if (active && active !== document.body && root.contains(active)) return;
    const buttons = root.querySelectorAll<HTMLElement>('li[data-page] button');
    (buttons[Math.min(refocus, buttons.length - 1)] ?? root.querySelector<HTMLElement>('h2'))?.focus();
  }, [dismissals, refocus]);

  const restore = async (page: string, index: number): Promise<void> => {
    const next = withoutDismissal(await readStored(), page);
    await browser.storage.local.set({ [DISMISSALS_KEY]: next });
    setDismissals(next);
    setRefocus(index);
  };
  const restoreAll = async (): Promise<void> => {
    await browser.storage.local.remove(DISMISSALS_KEY);
    setDismissals({});
    setRefocus(0);
  };

  const entries = dismissalList(dismissals);
  return (
    <section aria-labelledby="dismissals-title" data-testid="dismissals" ref={section}>
      <h2 id="dismissals-title" tabIndex={-1}>
        {t('options_dismissals_title')}
      </h2>
      {entries.length === 0 ? (
        <p data-testid="dismissals-empty">{t('options_dismissals_empty')}</p>
      ) : (
        <>
          <ul class="dismissals">
            {entries.map((entry, index) => (
              <li key={entry.page} data-page={entry.page}>
                <code>{entry.page}</code>
                <span class="hint">{t('options_dismissed_at', formatTime(entry.at))}</span>
                <button
                  type="button"
                  class="secondary"
                  aria-label={`${t('options_dismissals_restore')}: ${entry.page}`}
                  onClick={() => void restore(entry.page, index)}
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
