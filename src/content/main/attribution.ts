/**
 * Who called a hooked function: read from the JavaScript call stack at the moment of the call.
 *
 * Chrome formats frames as `    at fn (https://host/a.js:1:2)`, Firefox as `fn@https://host/a.js:1:2`.
 * Code with no URL (console, eval of text, bookmarklets) shows `<anonymous>` / `debugger eval code`.
 * Puppeteer's evaluations carry `pptr:` or `__puppeteer_evaluation_script__` frames.
 * Page code can tamper with Error.prepareStackTrace / stackTraceLimit, so both are neutralised for the
 * duration of our own capture and the tampering is itself reported by the defence sensor.
 */
import type { Actor } from '../../shared/findings.ts';
import type { Natives } from './natives.ts';

const URL_IN_FRAME = /((?:https?|blob|data|chrome-extension|moz-extension|pptr):[^\s()]*?)(?::\d+){1,2}\)?$/;
const AUTOMATION_FRAME = /__puppeteer_evaluation_script__|pptr:|__playwright_evaluation_script__|playwright/;
const ANONYMOUS_FRAME = /<anonymous>|debugger eval code|^\s*at\s+[^()]*$|^[^@]*@$/;

export interface StackFacts {
  /** Distinct script URLs in the stack, innermost first, Saq's own frames removed. */
  urls: string[];
  anonymous: boolean;
  automation: boolean;
}

export function createAttribution(natives: Natives) {
  // V8 lets page code install Error.prepareStackTrace; our captures must see the raw format.
  const E = natives.Error as unknown as { new (): Error; prepareStackTrace?: unknown; stackTraceLimit: number };
  let ownUrl = '';

  function rawStack(): string {
    const savedLimit = E.stackTraceLimit;
    const savedPrepare = E.prepareStackTrace;
    try {
      E.stackTraceLimit = 40;
      if (savedPrepare !== undefined) E.prepareStackTrace = undefined;
      const stack = new E().stack;
      return typeof stack === 'string' ? stack : '';
    } catch {
      return '';
    } finally {
      try {
        E.stackTraceLimit = savedLimit;
        if (savedPrepare !== undefined) E.prepareStackTrace = savedPrepare;
      } catch {
        // A page that made these properties throw has already been reported by the defence sensor.
      }
    }
  }

  function parse(stack: string): StackFacts {
    const facts: StackFacts = { urls: [], anonymous: false, automation: false };
    const lines = natives.stringSplit(stack, '\n');
    for (const line of lines) {
      if (natives.regExpExec(AUTOMATION_FRAME, line)) facts.automation = true;
      const match = natives.regExpExec(URL_IN_FRAME, line);
      const url = match?.[1];
      if (url) {
        if (ownUrl && url === ownUrl) continue;
        if (!facts.urls.includes(url) && facts.urls.length < 8) natives.arrayPush(facts.urls, url);
      } else if (line.trim() && line.trim() !== 'Error' && natives.regExpExec(ANONYMOUS_FRAME, line)) {
        facts.anonymous = true;
      }
    }
    return facts;
  }

  // Our own bundle's URL is the first URL in a stack taken right now, at install time.
  ownUrl = parse(rawStack()).urls[0] ?? '';

  /**
   * The actor is the innermost foreign frame: a helper calling the shop's own function still taints the
   * call. Same-document frames (inline scripts) count as the page; anonymous frames with no page frame
   * inside them count as console/eval code.
   */
  function actorFromStack(pageOrigin: string): { actor: Actor; facts: StackFacts } {
    const facts = parse(rawStack());
    if (facts.automation) return { actor: { type: 'automation' }, facts };
    const foreign = facts.urls.find((url) => !url.startsWith(pageOrigin + '/'));
    if (foreign) {
      const type = foreign.startsWith('chrome-extension:') || foreign.startsWith('moz-extension:') ? 'extension' : 'script';
      const actor: Actor = { type, url: foreign };
      if (type === 'extension') actor.extensionId = foreign.split('/')[2] ?? '';
      return { actor, facts };
    }
    if (facts.urls.length === 0 && facts.anonymous) return { actor: { type: 'anonymous' }, facts };
    return { actor: { type: 'page', url: facts.urls[0] ?? pageOrigin }, facts };
  }

  return { actorFromStack, ownUrl: () => ownUrl };
}

export type Attribution = ReturnType<typeof createAttribution>;
