/**
 * Saq's settings: language; the rules feed's status with "check now"; the optional extension check;
 * pages where the warning was hidden; what Saq keeps and how to delete it. A language change
 * re-renders in place (focus stays where it was).
 */
import { useState } from 'preact/hooks';
import { FeedStatusPanel } from '../ui/FeedStatusPanel.tsx';
import { initI18n, t } from '../ui/i18n.ts';
import { InventoryPanel } from '../ui/InventoryPanel.tsx';
import type { Language } from '../ui/languages.ts';
import { DismissalsSection } from './DismissalsSection.tsx';
import { LanguageSection } from './LanguageSection.tsx';
import { StoredDataSection } from './StoredDataSection.tsx';

export function OptionsApp({ initialLanguage }: { initialLanguage: Language }) {
  const [language, setLanguage] = useState(initialLanguage);
  const reloadLanguage = async (): Promise<void> => setLanguage(await initI18n());
  document.title = t('options_title');
  return (
    <div data-language={language}>
      <h1>{t('options_title')}</h1>
      <LanguageSection onChanged={reloadLanguage} />
      <FeedStatusPanel withCheckNow />
      <InventoryPanel />
      <DismissalsSection />
      <StoredDataSection onCleared={reloadLanguage} />
    </div>
  );
}
