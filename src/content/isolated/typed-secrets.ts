/**
 * What the person typed into the page's secret fields — password, SMS code, certificate password, card — as the
 * ISOLATED world reads it, only to find it in a stranger-bound address (secret-segments.ts): the values never
 * leave this world. Read when a send to a stranger is judged and when a foreign script is seen reading a secret,
 * and kept (the latest MAX_TYPED) for the rest of the page: the shop empties a password field after a refused
 * sign-in, and a helper sends what it read a moment later.
 *
 * Fields in the document are found by selector. One behind a shadow root (a sign-in component's) no selector
 * reaches: the secret fields a person's focus went to are kept (MAX_FOCUSED), followed into closed roots as the
 * keylogger's closed-root watch does (closed-roots.ts) — a person types only into a focused field.
 */
import { SECRET_FIELDS } from '../../shared/secret-fields.ts';
import { focusedInsideClosed } from './closed-roots.ts';
import { isField, valueOf } from './fields.ts';
import { listenLasting } from './lasting-listeners.ts';

export const MAX_TYPED = 16;
const MAX_FOCUSED = 8;

/** Any site's secret fields; the shop's own (its SMS code, its certificate password) once the profile is known. */
let fields = SECRET_FIELDS;
/** Every value seen so far, newest first. */
let known: string[] = [];
/** Secret fields the person focused, newest last. */
const focused: Element[] = [];

export function watchSecretFields(shopFields: string): void {
  if (shopFields) fields = `${SECRET_FIELDS},${shopFields}`;
}

function isSecretField(element: Element): boolean {
  try {
    return isField(element) && element.matches(fields);
  } catch {
    return element.matches(SECRET_FIELDS); // a profile selector the engine does not take
  }
}

/** Keeps the secret field a person's focus goes to, in a shadow root too (the event's path starts at it, or at a closed root's host). */
export function watchFocusedFields(signal: AbortSignal): void {
  listenLasting(
    document,
    'focusin',
    (event) => {
      if (!event.isTrusted) return;
      const start = event.composedPath()[0];
      if (!(start instanceof Element)) return;
      // The closed-root look-up is an extension API call in Chromium: only for focus that did not land on a field.
      const field = isField(start) ? start : focusedInsideClosed(start);
      if (field === null) return;
      if (focused.includes(field) || !isSecretField(field)) return;
      if (focused.push(field) > MAX_FOCUSED) focused.shift();
    },
    { capture: true, signal },
  );
}

function valuesNow(): string[] {
  const values: string[] = [];
  const add = (field: Element): void => {
    const value = valueOf(field);
    if (value !== '') values.push(value);
  };
  try {
    for (const field of document.querySelectorAll(fields)) add(field);
  } catch {
    // A profile selector the engine does not take: any site's fields still count.
    fields = SECRET_FIELDS;
    for (const field of document.querySelectorAll(fields)) add(field);
  }
  for (const field of focused) add(field);
  return values;
}

/** The values in the secret fields now, then those seen before (newest first), at most MAX_TYPED. */
export function typedSecrets(): string[] {
  known = [...new Set([...valuesNow(), ...known])].slice(0, MAX_TYPED);
  return known;
}
