/** The language of every Saq text: the browser's (default) or Kazakh, Russian, English. Applied at once, focus stays on the control. */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../ui/i18n.ts';
import browser from '../platform/browser.ts';
import { LANGUAGES, resolveLanguage, type Language, type LanguageSetting } from '../ui/languages.ts';
import { saveLanguageSetting, storedLanguageSetting } from '../ui/load-messages.ts';

const LANGUAGE_NAME_KEYS: Record<Language, string> = { kk: 'lang_kk', ru: 'lang_ru', en: 'lang_en' };

function browserLanguage(): Language {
  return resolveLanguage(null, browser.i18n.getUILanguage());
}

export function LanguageSection({ onChanged }: { onChanged: () => Promise<void> }) {
  const [setting, setSetting] = useState<LanguageSetting | null>(null);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    void storedLanguageSetting().then(setSetting);
  }, []);

  const choose = async (value: string): Promise<void> => {
    const next: LanguageSetting = value === 'kk' || value === 'ru' || value === 'en' ? value : 'auto';
    await saveLanguageSetting(next);
    setSetting(next);
    await onChanged();
    setSaved(true);
  };

  return (
    <section aria-labelledby="language-title" data-testid="language">
      <h2 id="language-title">
        <label for="language-select">{t('options_language')}</label>
      </h2>
      <select
        id="language-select"
        data-testid="language-select"
        aria-describedby="language-hint"
        value={setting ?? 'auto'}
        disabled={setting === null}
        onChange={(event) => void choose((event.currentTarget as HTMLSelectElement).value)}
      >
        <option value="auto">{`${t('options_language_auto')} (${t(LANGUAGE_NAME_KEYS[browserLanguage()])})`}</option>
        {LANGUAGES.map((language) => (
          <option key={language} value={language} lang={language}>
            {t(LANGUAGE_NAME_KEYS[language])}
          </option>
        ))}
      </select>
      <p id="language-hint" class="hint">
        {t('options_language_hint')}
      </p>
      <p role="status" class="ok">
        {saved ? t('options_saved') : ''}
      </p>
    </section>
  );
}
