/**
 * The in-page warning, injected by the background into the top frame's ISOLATED world only when a
 * verdict calls for it (src/background/ui-warning.ts, scripting.executeScript): most shop pages never
 * show it, so its code stays out of the content script every page parses. Injected again for a later
 * command (a worker restart forgets it was), it keeps the first copy.
 */
import { listenForWarning } from './warning/listen.ts';

(() => {
  const scope = globalThis as { saqWarning?: boolean };
  // An own property only: a read would also find the page's `<div id="saqWarning">` (the window's named
  // access), and a page with one would never be warned.
  if (Object.hasOwn(scope, 'saqWarning') || window !== window.top) return;
  scope.saqWarning = true;
  listenForWarning(new AbortController().signal);
})();
