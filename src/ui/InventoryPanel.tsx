/**
 * The opt-in extension check: asks the browser for the optional `management` permission on the
 * person's click (a prompt needs a click), tells the background (`inventory-opt-in/popup-to-bg`), and
 * lists the installed extensions that can reach the shop, flagged ones first, with what the rules say.
 * Turning it off gives the permission back. `compact` (popup): no introduction, flagged ones only.
 */
import { useEffect, useState } from 'preact/hooks';
import browser from '../platform/browser.ts';
import type { InventoryEntry, InventoryOptInPopupToBG, InventoryPopupToBG, InventoryReply } from '../shared/protocol.ts';
import { extensionsPageUrl } from './extensions-page.ts';
import { readable } from './evidence.ts';
import { SEVERITY_KEYS, ruleText } from './explain.ts';
import { t } from './i18n.ts';

/** The optional permission, typed as the browser API wants it. */
function managementPermission(): { permissions: Array<'management'> } {
  return { permissions: ['management'] };
}

/** How each install type reads (literal keys, so the locale check sees them used). */
const INSTALL_KEYS: Record<string, string> = {
  normal: 'inventory_install_normal',
  development: 'inventory_install_development',
  sideload: 'inventory_install_sideload',
  admin: 'inventory_install_admin',
  other: 'inventory_install_other',
};

async function ask(message: InventoryPopupToBG | InventoryOptInPopupToBG): Promise<InventoryReply | null> {
  try {
    const reply = (await browser.runtime.sendMessage(message)) as InventoryReply | undefined;
    return reply && Array.isArray(reply.extensions) ? reply : null;
  } catch {
    return null;
  }
}

function Entry({ entry }: { entry: InventoryEntry }) {
  return (
    <li data-testid="inventory-entry" data-id={entry.id} data-severity={entry.severity ?? 'none'}>
      <p class="what">
        {entry.severity && <span class={`severity severity-${entry.severity}`}>{t(SEVERITY_KEYS[entry.severity])}</span>}{' '}
        {/* The name is the extension author's to choose: a direction override in it turned the id after it round
            (Firefox showed rtl-helper@fixtures.test as tset.serutxif@repleh-ltr). Isolated, and the override shown as its code. */}
        <b>
          <bdi>{readable(entry.name)}</bdi>
        </b>{' '}
        <code>{entry.id}</code>
      </p>
      {entry.messageKeys.map((key) => (
        <p key={key}>{ruleText(t, key, entry.id)}</p>
      ))}
      <p class="hint">
        {entry.shopAccess && `${t('inventory_can_reach')} `}
        {t(INSTALL_KEYS[entry.installType] ?? 'inventory_install_other')}
        {!entry.enabled && ` ${t('inventory_turned_off')}`}
      </p>
    </li>
  );
}

export function InventoryPanel({ compact = false }: { compact?: boolean }) {
  const [reply, setReply] = useState<InventoryReply | null>(null);
  const [refused, setRefused] = useState(false);
  useEffect(() => {
    void ask({ type: 'inventory/popup-to-bg' }).then(setReply);
  }, []);

  const enable = async (): Promise<void> => {
    // Called straight from the click: the browser shows its prompt only inside a user gesture.
    const granted = await browser.permissions.request(managementPermission()).catch(() => false);
    setRefused(!granted);
    if (granted) setReply(await ask({ type: 'inventory-opt-in/popup-to-bg', enabled: true }));
  };
  const disable = async (): Promise<void> => {
    setReply(await ask({ type: 'inventory-opt-in/popup-to-bg', enabled: false }));
    // Give the permission back (a test build that granted it at install keeps it; the opt-out holds anyway).
    await browser.permissions.remove(managementPermission()).catch(() => false);
  };
  const openExtensions = (): void => {
    const url = extensionsPageUrl(browser.runtime.getURL(''));
    if (url) void browser.tabs.create({ url }).catch(() => undefined);
  };

  const active = reply?.granted === true && reply.optedIn;
  const shown = (reply?.extensions ?? []).filter((entry) => !compact || entry.severity !== null);
  return (
    <section aria-labelledby="inventory-title" data-testid="inventory" data-state={active ? 'on' : 'off'}>
      <h2 id="inventory-title">{t('inventory_title')}</h2>
      {!compact && <p class="hint">{t('inventory_intro')}</p>}
      {active ? (
        <>
          {shown.length === 0 ? (
            <p data-testid="inventory-none">{t('inventory_none')}</p>
          ) : (
            <ul class="findings" data-testid="inventory-list">
              {shown.map((entry) => (
                <Entry key={entry.id} entry={entry} />
              ))}
            </ul>
          )}
          <div class="actions">
            {extensionsPageUrl(browser.runtime.getURL('')) && (
              <button type="button" class="link-button" onClick={openExtensions}>
                {t('inventory_open_extensions')}
              </button>
            )}
            {!compact && (
              <button type="button" onClick={() => void disable()} data-testid="inventory-disable">
                {t('inventory_disable')}
              </button>
            )}
          </div>
        </>
      ) : (
        <div class="actions">
          <button type="button" class="primary" onClick={() => void enable()} data-testid="inventory-enable">
            {t('inventory_enable')}
          </button>
          {refused && (
            <p role="status" class="error">
              {t('inventory_refused')}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
