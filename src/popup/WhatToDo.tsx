/** What to do now, for a tab with a warning or worse: concrete steps, the extensions page, the bank's phone, the police. */
import browser from '../platform/browser.ts';
import { extensionsPageUrl } from '../ui/extensions-page.ts';
import { t } from '../ui/i18n.ts';
import { CONTACT_CENTRE_PHONE } from '../ui/links.ts';

function ExtensionsPageLink() {
  const url = extensionsPageUrl(browser.runtime.getURL(''));
  if (url === null) return <span class="hint">{t('todo_open_addons_firefox')}</span>;
  // chrome:// pages cannot be linked to; an extension page may open them with tabs.create.
  const open = (): void => void browser.tabs.create({ url }).catch(() => undefined);
  return (
    <button type="button" class="link-button" onClick={open} data-testid="open-extensions">
      {t('todo_open_extensions')}
    </button>
  );
}

export function WhatToDo() {
  return (
    <section class="todo" aria-labelledby="todo-title" data-testid="what-to-do">
      <h2 id="todo-title">{t('todo_title')}</h2>
      <ol>
        <li>{t('todo_close_tab')}</li>
        <li>
          {t('todo_remove')} <ExtensionsPageLink />
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
    </section>
  );
}
