/**
 * The in-page warning for warning+ verdicts: a small box at the bottom-left corner (the shop's buy
 * controls sit in the middle and right of the page), inside a closed shadow root so page scripts cannot
 * read or edit it and page CSS cannot restyle it. If the page removes or restyles it, it comes back and
 * the removal is reported as a `defence-tamper` finding. It never blocks the shop: it covers only its
 * own corner, and the person can hide it for this page (stored per page in storage.local).
 */
import type { Severity } from '../../shared/findings.ts';
import type { WarningBGtoCS } from '../../shared/protocol.ts';
import { isDismissed, pageKeyOf, readDismissals } from '../../ui/dismissals.ts';
import { DISMISSALS_KEY } from '../../ui/storage-keys.ts';
import { HOST_STYLE, SHADOW_CSS } from './styles.ts';

declare const __SAQ_TEST_BUILD__: boolean;

export interface WarningDeps {
  signal: AbortSignal;
  /** Report that the page attacked the warning (`what`: banner-removed / banner-restyled). */
  reportTamper(what: string): void;
}

/** After this many restorations in a row the warning comes back after a pause, so a page that removes it in a loop cannot make us spin. */
const FAST_RESTORES = 5;
const SLOW_RESTORE_MS = 2000;
const MAX_TAMPER_REPORTS = 3;

interface Parts {
  host: HTMLElement;
  box: HTMLElement;
  title: HTMLElement;
  detail: HTMLElement;
  hint: HTMLElement;
  dismiss: HTMLButtonElement;
}

function build(onDismiss: () => void): Parts {
  const host = document.createElement('div');
  host.setAttribute('style', HOST_STYLE);
  const shadow = host.attachShadow({ mode: 'closed' });
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(SHADOW_CSS);
    shadow.adoptedStyleSheets = [sheet];
  } catch {
    // Firefox content scripts cannot always adopt a sheet made in their own compartment.
    const style = document.createElement('style');
    style.textContent = SHADOW_CSS;
    shadow.append(style);
  }
  const box = document.createElement('section');
  box.setAttribute('role', 'alert');
  const icon = document.createElement('div');
  icon.className = 'icon';
  icon.setAttribute('aria-hidden', 'true');
  icon.textContent = '!';
  const text = document.createElement('div');
  text.className = 'text';
  const title = document.createElement('strong');
  title.className = 'title';
  const detail = document.createElement('p');
  const hint = document.createElement('p');
  hint.className = 'hint';
  const dismiss = document.createElement('button');
  dismiss.type = 'button';
  dismiss.addEventListener('click', (event) => {
    // Only the person can hide it; nothing in the page can reach into the closed root, but be sure.
    if (event.isTrusted) onDismiss();
  });
  text.append(title, detail, hint, dismiss);
  box.append(icon, text);
  shadow.append(box);
  return { host, box, title, detail, hint, dismiss };
}

export function createInPageWarning(deps: WarningDeps) {
  let parts: Parts | null = null;
  let shown: WarningBGtoCS | null = null;
  let dismissed = false;
  let restores = 0;
  let tamperReports = 0;
  let restoreTimer: ReturnType<typeof setTimeout> | null = null;

  const tamper = (what: string): void => {
    if (tamperReports++ < MAX_TAMPER_REPORTS) deps.reportTamper(what);
  };

  const attach = (): void => {
    if (!parts || dismissed || deps.signal.aborted) return;
    (document.documentElement ?? document).appendChild(parts.host);
  };

  const observer = new MutationObserver(() => {
    if (!parts || dismissed) return;
    if (parts.host.getAttribute('style') !== HOST_STYLE) {
      parts.host.setAttribute('style', HOST_STYLE);
      tamper('banner-restyled');
    }
    if (parts.host.isConnected || restoreTimer) return;
    tamper('banner-removed');
    restores += 1;
    if (restores <= FAST_RESTORES) {
      attach();
      watch();
    } else {
      restoreTimer = setTimeout(() => {
        restoreTimer = null;
        attach();
        watch();
      }, SLOW_RESTORE_MS);
    }
  });

  /** Watches the document, its root element and the host: enough to see removal or replacement, without observing the whole subtree. */
  function watch(): void {
    observer.disconnect();
    if (!parts) return;
    observer.observe(document, { childList: true });
    if (document.documentElement) observer.observe(document.documentElement, { childList: true });
    observer.observe(parts.host, { attributes: true });
  }

  const hide = (): void => {
    dismissed = true;
    observer.disconnect();
    parts?.host.remove();
    const severity: Severity = shown?.severity ?? 'critical';
    void chrome.storage.local
      .get(DISMISSALS_KEY)
      .then((stored) => {
        const dismissals = readDismissals(stored[DISMISSALS_KEY]);
        dismissals[pageKeyOf(location.href)] = { at: Date.now(), severity };
        return chrome.storage.local.set({ [DISMISSALS_KEY]: dismissals });
      })
      .catch(() => undefined);
  };

  deps.signal.addEventListener('abort', () => {
    observer.disconnect();
    parts?.host.remove();
  });

  async function show(command: WarningBGtoCS): Promise<void> {
    const stored = await chrome.storage.local.get(DISMISSALS_KEY).catch(() => ({}) as Record<string, unknown>);
    if (isDismissed(readDismissals(stored[DISMISSALS_KEY]), location.href, command.severity)) return;
    dismissed = false;
    shown = command;
    parts ??= build(hide);
    parts.box.className = `box ${command.severity}`;
    parts.box.setAttribute('aria-label', command.label);
    parts.box.lang = command.lang;
    parts.title.textContent = command.title;
    parts.detail.textContent = command.detail;
    parts.hint.textContent = command.hint;
    parts.dismiss.textContent = command.dismiss;
    if (!parts.host.isConnected) attach();
    watch();
  }

  /** Test builds only: lets an end-to-end test read the closed root's text and layout through the extension, never through the page. */
  function probe(): { text: string; overflow: string[]; rect: { left: number; top: number; right: number; bottom: number } } | null {
    if (!parts?.host.isConnected) return null;
    const overflow: string[] = [];
    for (const element of [parts.box, ...Array.from(parts.box.querySelectorAll<HTMLElement>('*'))]) {
      if (element.scrollWidth > element.clientWidth + 1 && getComputedStyle(element).overflowX !== 'visible')
        overflow.push(element.className || element.tagName);
    }
    const rect = parts.host.getBoundingClientRect();
    if (rect.right > innerWidth || rect.bottom > innerHeight || rect.left < 0 || rect.top < 0) overflow.push('host outside the viewport');
    return { text: parts.box.innerText, overflow, rect: { left: rect.left, top: rect.top, right: rect.right, bottom: rect.bottom } };
  }

  return { show, probe: typeof __SAQ_TEST_BUILD__ !== 'undefined' && __SAQ_TEST_BUILD__ ? probe : null };
}
