/** Options entry: loads the person's language and renders the settings. */
import { render } from 'preact';
import { initI18n } from '../ui/i18n.ts';
import { OptionsApp } from './OptionsApp.tsx';

const root = document.getElementById('app');
if (root) {
  void initI18n().then((language) => render(<OptionsApp initialLanguage={language} />, root));
}
