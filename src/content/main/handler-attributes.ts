/**
 * Event-handler content attributes (`onerror`, `onclick`, …): code the browser compiles from an attribute's
 * text and runs under the document's own URL, so when it acts its stack reads as the shop's. Who wrote the
 * text is known only while it is written — a helper's `<img src=x onerror="…">` given to innerHTML runs its
 * code with no `<script>` and no call to any code-making API (dynamic-code.main.ts reports it there).
 */
import {
  createElement,
  fragmentQuerySelectorAll,
  getAttribute,
  getAttributeNames,
  nodeName,
  pageDocument,
  regExpExec,
  setInnerHtml,
  templateContent,
} from './natives.ts';
import { append, safeList, type SafeList } from './safe-collections.ts';

/** A handler's name in any ASCII case (setAttribute folds it on an HTML element), or as it is given. */
const HANDLER_NAME_FOLDED = /^on[a-z]+$/i;
const HANDLER_NAME = /^on[a-z]+$/;
/**
 * Markup that may hold one: `on…=` after a space, a quote or a slash (`<img src="x"onerror=…>` and
 * `<img/onerror=…>` are both read as attributes). A gate only: what the markup holds is read by parsing it.
 */
export const HANDLER_IN_MARKUP = /[\s"'/]on[a-z]+\s*=/i;
/** Handlers reported from one piece of markup at most: more add nothing a rule uses. */
const MAX_HANDLERS = 8;

/** An attribute name that is an event handler's (main/attribute-writes.ts's name test), or null. */
export function handlerName(given: string, folds: boolean): string | null {
  // Most names the page sets are ruled out by their first letter, before any RegExp runs.
  const first = given[0];
  if (first !== 'o' && first !== 'O') return null;
  return regExpExec(folds ? HANDLER_NAME_FOLDED : HANDLER_NAME, given) === null ? null : given;
}

/**
 * Markup whose tags hold a handler — the fallback when the parse below finds none: a `<body onfocus=…>` or
 * `<html …>` start tag has no place in a template and its attributes are dropped there, while inserted at the
 * document's root they go onto the real body.
 */
const HANDLER_IN_TAG = /<[a-z][^>]*?[\s"'/]on[a-z]+\s*=/i;
/** Templates inside templates read, at most this deep (a declarative shadow root's is live once inserted). */
const MAX_TEMPLATE_DEPTH = 4;

type Handler = { name: string; code: string };

/**
 * The handlers in a piece of markup, with their code: the markup is parsed apart into a <template>, whose
 * content is inert (nothing in it loads, no handler in it runs), and each element's attributes are read —
 * in nested templates too. Kept: the MAX_HANDLERS longest (decoy handlers first must not push the payload
 * out). Null when the markup cannot be judged that way — it cannot be parsed there (a page enforcing
 * Trusted Types refuses the text), or it shows a handler the parse dropped: the whole markup is the code then.
 */
export function handlersIn(html: string): SafeList<Handler> | null {
  const template = createElement(pageDocument, 'template');
  try {
    setInnerHtml(template, html);
  } catch {
    return null;
  }
  const found = safeList<Handler>();
  collect(templateContent(template), found, 0);
  return found.length === 0 && regExpExec(HANDLER_IN_TAG, html) !== null ? null : found;
}

function collect(content: DocumentFragment, found: SafeList<Handler>, depth: number): void {
  const elements = fragmentQuerySelectorAll(content, '*');
  for (let i = 0; i < elements.length; i++) {
    const element = elements[i]!;
    const names = getAttributeNames(element);
    for (let j = 0; j < names.length; j++) {
      if (handlerName(names[j]!, false) === null) continue;
      const code = getAttribute(element, names[j]!);
      if (code) keepLongest(found, { name: names[j]!, code });
    }
    if (depth < MAX_TEMPLATE_DEPTH && nodeName(element) === 'TEMPLATE') collect(templateContent(element), found, depth + 1);
  }
}

/** Adds the handler, or puts it in the place of the shortest kept when MAX_HANDLERS are kept already. */
function keepLongest(found: SafeList<Handler>, handler: Handler): void {
  if (found.length < MAX_HANDLERS) return void append(found, handler);
  let shortest = 0;
  for (let i = 1; i < found.length; i++) if (found[i]!.code.length < found[shortest]!.code.length) shortest = i;
  if (found[shortest]!.code.length < handler.code.length) found[shortest] = handler;
}
