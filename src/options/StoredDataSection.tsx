/**
 * What Saq keeps, in plain words, and one button to delete the person's data: settings, hidden-warning
 * pages and what Saq saw in open tabs. The verified rules stay (they protect), and nothing ever leaves
 * the browser but the rules download.
 */
import { useEffect, useState } from 'preact/hooks';
import browser from '../platform/browser.ts';
import type { ClearDataPopupToBG, StoredDataPopupToBG, StoredDataSummary } from '../shared/protocol.ts';
import { t } from '../ui/i18n.ts';

async function ask(message: StoredDataPopupToBG | ClearDataPopupToBG): Promise<StoredDataSummary | null> {
  try {
    const reply = (await browser.runtime.sendMessage(message)) as StoredDataSummary | undefined;
    return reply && typeof reply.tabsWithFindings === 'number' ? reply : null;
  } catch {
    return null;
  }
}

export function StoredDataSection({ onCleared }: { onCleared: () => Promise<void> }) {
  const [summary, setSummary] = useState<StoredDataSummary | null>(null);
  const [state, setState] = useState<'idle' | 'cleared' | 'failed'>('idle');
  useEffect(() => {
    void ask({ type: 'stored-data/popup-to-bg' }).then(setSummary);
  }, []);

  const clear = async (): Promise<void> => {
    const after = await ask({ type: 'clear-data/popup-to-bg' });
    setSummary(after);
    setState(after ? 'cleared' : 'failed');
    if (after) await onCleared();
  };

  return (
    <section aria-labelledby="storage-title" data-testid="stored-data">
      <h2 id="storage-title">{t('options_storage_title')}</h2>
      <ul class="stored">
        <li>{t('options_storage_settings')}</li>
        <li data-testid="stored-tabs">{t('options_storage_tabs', String(summary?.tabsWithFindings ?? 0))}</li>
        <li>{t('options_storage_rules')}</li>
      </ul>
      <p class="hint">{t('options_storage_nothing_leaves')}</p>
      <div class="actions">
        <button type="button" class="primary" onClick={() => void clear()} data-testid="clear-data">
          {t('options_clear')}
        </button>
        <p role="status" class={state === 'failed' ? 'error' : 'ok'}>
          {state === 'cleared' ? t('options_cleared') : state === 'failed' ? t('options_clear_failed') : ''}
        </p>
      </div>
    </section>
  );
}
