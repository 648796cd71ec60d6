/**
 * Scripts that appear in the DOM without passing the page world's hooks: inserted by another
 * extension's content script or a user-script world, whose DOM methods Saq cannot wrap. Parser-inserted
 * scripts also skip the hooks, so only insertions after the page finished parsing count here; the
 * MAIN-world `hooked-insertion` keys (which arrive as a later task) rule out the page world's own.
 */
import { scriptKey } from '../../shared/page-protocol.ts';
import type { IsolatedSensor } from '../isolated/sensor.ts';

const SETTLE_MS = 40;

export const foreignWorldScriptsSensor: IsolatedSensor = {
  id: 'foreign-world-scripts',
  install(context) {
    const hooked = new Map<string, number>();
    context.onMain((message) => {
      if (message.t === 'hooked-insertion') hooked.set(message.key, (hooked.get(message.key) ?? 0) + 1);
    });

    const consider = (script: HTMLScriptElement, parsing: boolean): void => {
      const src = script.src;
      const text = src ? '' : (script.textContent ?? '');
      const key = scriptKey(src, text);
      setTimeout(() => {
        const seen = hooked.get(key) ?? 0;
        if (seen > 0) {
          hooked.set(key, seen - 1);
          return;
        }
        if (parsing) return; // the parser's own scripts
        context.report(
          'script-inserted',
          { type: 'extension' },
          {
            source: src ? (src.startsWith('blob:') ? 'blob' : src.startsWith('data:') ? 'data' : 'url') : 'inline',
            src: src.slice(0, 512),
            textLength: text.length,
            world: 'other',
          },
        );
      }, SETTLE_MS);
    };

    const observer = new MutationObserver((records) => {
      const parsing = document.readyState === 'loading';
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node instanceof HTMLScriptElement) consider(node, parsing);
          else if (node instanceof Element) for (const script of node.querySelectorAll('script')) consider(script, parsing);
        }
      }
    });
    observer.observe(document, { childList: true, subtree: true });
    context.signal.addEventListener('abort', () => observer.disconnect(), { once: true });
  },
};
