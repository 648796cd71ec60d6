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
/** Handlers read from one piece of markup at most: more add nothing a rule uses. */
const MAX_HANDLERS = 8;

/** An attribute name that is an event handler's (main/attribute-writes.ts's name test), or null. */
export function handlerName(given: string, folds: boolean): string | null {
  // Most names the page sets are ruled out by their first letter, before any RegExp runs.
  const first = given[0];
  if (first !== 'o' && first !== 'O') return null;
  return regExpExec(folds ? HANDLER_NAME_FOLDED : HANDLER_NAME, given) === null ? null : given;
}

/**
 * The handlers in a piece of markup, with their code: the markup is parsed apart into a <template>, whose
 * content is inert (nothing in it loads, no handler in it runs), and each element's attributes are read.
 * Null when it cannot be parsed there (a page enforcing Trusted Types refuses the text).
 */
export function handlersIn(html: string): SafeList<{ name: string; code: string }> | null {
  const found = safeList<{ name: string; code: string }>();
  const template = createElement(pageDocument, 'template');
  try {
    setInnerHtml(template, html);
  } catch {
    return null;
  }
  const elements = fragmentQuerySelectorAll(templateContent(template), '*');
  for (let i = 0; i < elements.length; i++) {
    const names = getAttributeNames(elements[i]!);
    for (let j = 0; j < names.length; j++) {
      if (handlerName(names[j]!, false) === null) continue;
      const code = getAttribute(elements[i]!, names[j]!);
      if (code) append(found, { name: names[j]!, code });
      if (found.length === MAX_HANDLERS) return found;
    }
  }
  return found;
}
