/** Popup entry: loads the person's language, finds which tab to show (`?tab=<id>` or the active tab) and renders its report. */
import { render } from 'preact';
import browser from '../platform/browser.ts';
import { initI18n, t } from '../ui/i18n.ts';
import { PopupApp } from './PopupApp.tsx';

async function targetTabId(): Promise<number | null> {
  const fromQuery = new URLSearchParams(location.search).get('tab');
  if (fromQuery !== null && /^\d+$/.test(fromQuery)) return Number(fromQuery);
  const [active] = await browser.tabs.query({ active: true, currentWindow: true });
  return active?.id ?? null;
}

const root = document.getElementById('app');
if (root) {
  void Promise.all([targetTabId(), initI18n()]).then(([tabId]) => {
    document.title = t('ext_name');
    render(<PopupApp tabId={tabId} />, root);
  });
}
