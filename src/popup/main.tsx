/** Popup entry: loads the person's language, finds which tab to show (`?tab=<id>` or the active tab) and renders its report. */
import { render } from 'preact';
import browser from '../platform/browser.ts';
import { initI18n, t } from '../ui/i18n.ts';
import { PopupApp, type PopupTarget } from './PopupApp.tsx';

async function findTarget(): Promise<PopupTarget> {
  try {
    const fromQuery = new URLSearchParams(location.search).get('tab');
    const tab =
      fromQuery !== null && /^\d+$/.test(fromQuery)
        ? await browser.tabs.get(Number(fromQuery))
        : (await browser.tabs.query({ active: true, currentWindow: true }))[0];
    return { tabId: tab?.id ?? null, tabUrl: tab?.url ?? null };
  } catch {
    return { tabId: null, tabUrl: null };
  }
}

const root = document.getElementById('app');
if (root) {
  void Promise.all([findTarget(), initI18n()]).then(([target]) => {
    document.title = t('ext_name');
    render(<PopupApp target={target} />, root);
  });
}
