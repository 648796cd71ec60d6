/** What to do now, for a tab with a warning or worse: concrete steps, the bank's phone, the police. */
import browser from '../platform/browser.ts';
import { extensionsPageUrl } from '../ui/extensions-page.ts';
import { t } from '../ui/i18n.ts';
import { CONTACT_CENTRE_PHONE } from '../ui/links.ts';

function openExtensionsPage(): void {
  // chrome:// and about: pages cannot be linked to; an extension page may open them with tabs.create.
  void browser.tabs.create({ url: extensionsPageUrl(browser.runtime.getURL('')) }).catch(() => undefined);
}

export function WhatToDo() {
  return (
    <section class="todo" aria-labelledby="todo-title" data-testid="what-to-do">
      <h2 id="todo-title">{t('todo_title')}</h2>
      <ol>
        <li>{t('todo_close_tab')}</li>
        <li>
          {t('todo_remove')}{' '}
          <button type="button" class="link-button" onClick={openExtensionsPage} data-testid="open-extensions">
            {t('todo_open_extensions')}
          </button>
        </li>
        <li>{t('todo_passwords')}</li>
        <li>
          {t('todo_call')}{' '}
          <a href={`tel:${CONTACT_CENTRE_PHONE}`} class="phone">
            {CONTACT_CENTRE_PHONE}
          </a>
        </li>
        <li>{t('todo_police')}</li>
      </ol>
      <p class="note">{t('why_limits')}</p>
    </section>
  );
}
