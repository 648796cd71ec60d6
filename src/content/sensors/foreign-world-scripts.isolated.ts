/**
 * Scripts that appear in the DOM without passing the page world's hooks: inserted by another
 * extension's content script or a user-script world, whose DOM methods Saq cannot wrap. Parser-inserted
 * scripts also skip the hooks, so only insertions after the page finished parsing count here; the
 * MAIN-world `hooked-insertions` keys rule out the page world's own. A task's keys come over the channel's
 * lane when its code is done (a microtask); in the first moments of a document, before the lane is named,
 * they come by port a task later. So after a short settle time (a `src` set just after insertion) the
 * observer asks the MAIN world to catch up, and judges once it has: a fixed wait alone was overrun in
 * Firefox under load, and the page's own blob: script was then reported as another extension's too.
 * In Chromium the MAIN world watches the child lists itself (main/child-lists.ts) and judges with its own keys as
 * it goes: what it hands over as another world's (`foreign`) is reported at once.
 */
import { scriptKey } from '../../shared/page-protocol.ts';
import { noteScriptSource } from '../isolated/script-sources.ts';
import type { IsolatedSensor } from '../isolated/sensor.ts';
import { after } from '../timer.ts';

const SETTLE_MS = 40;

export const foreignWorldScriptsSensor: IsolatedSensor = {
  id: 'foreign-world-scripts',
  install(context) {
    const hooked = new Map<string, number>();
    /**
     * Scripts already in the document once: a script runs once, so one moved (the shop moving a widget with its
     * script) is no new insertion — and the hooks, rightly, send no key for it.
     */
    const seen = new WeakSet<HTMLScriptElement>();
    context.onMain('hooked-insertions', ({ keys }) => {
      for (const key of keys) hooked.set(key, (hooked.get(key) ?? 0) + 1);
    });

    /** Judged together once the hooks' keys for the same insertions had time to arrive: one timer per batch. */
    const judge = (scripts: ReadonlyArray<{ src: string; length: number; key: string }>, parsing: boolean): void => {
      for (const { src, length, key } of scripts) {
        const seen = hooked.get(key) ?? 0;
        if (seen > 0) {
          if (seen === 1) hooked.delete(key);
          else hooked.set(key, seen - 1);
          continue;
        }
        if (parsing) continue; // the parser's own scripts
        context.report(
          'script-inserted',
          { type: 'extension' },
          {
            source: src ? (src.startsWith('blob:') ? 'blob' : src.startsWith('data:') ? 'data' : 'url') : 'inline',
            src: src.slice(0, 512),
            textLength: length,
            world: 'other',
          },
        );
      }
    };

    context.onMutations([], ({ added, parsed, foreign }) => {
      // The parsed document (handed over once when parsing ends) holds the parser's own scripts.
      const parsing = parsed === true;
      const scripts: Array<{ src: string; length: number; key: string }> = [];
      const consider = (script: Element): void => {
        // An SVG <script> has no `src` (its `src` read threw, and the rest of the batch went unjudged).
        if (!(script instanceof HTMLScriptElement) || seen.has(script)) return;
        seen.add(script);
        const src = script.src;
        noteScriptSource(src);
        const text = src ? '' : (script.textContent ?? '');
        scripts.push({ src, length: text.length, key: scriptKey(src, text) });
      };
      // Judged by the MAIN world as it watched (Chromium): no key it counted explains these, and a page script among
      // the added elements is its own. A key it sent here before it watched still may (the shop's script put into a
      // widget during the parse, the widget placed later): judged at once, every such key having arrived.
      if (foreign) {
        for (const script of foreign) consider(script);
        return judge(scripts, false);
      }
      for (const node of added) {
        if (node instanceof HTMLScriptElement) consider(node);
        else if (node.firstElementChild) for (const script of node.querySelectorAll('script')) consider(script);
      }
      if (scripts.length > 0) after(SETTLE_MS, () => void context.mainCaughtUp().then(() => judge(scripts, parsing)));
    });
  },
};
