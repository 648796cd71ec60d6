/**
 * An argument the browser turns into text itself — a URL, code — given as an object, whose toString makes
 * the text. It is turned into text here, once, and the text put in the object's place among the call's
 * arguments: the native call gets that same text, the page's toString runs once as it would without Saq,
 * and what Saq judges is what the browser uses. `keeps` names the objects the browser takes as they are
 * (a Request, a TrustedScript) by returning their text, read natively; they keep their place.
 */
import type { Args } from './patch.ts';

const { create, defineProperty } = Object;

/** A value the browser makes text of by running page code (its `toString`): an object or a function. */
export function madeIntoText(value: unknown): boolean {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

/**
 * The text, or null when the object's toString throws. Then the call must fail as it would without Saq —
 * with that error, running none of the page's code again: a toString that throws only the first time would
 * otherwise give the native call a URL (or code) Saq never judged. An object whose toString throws the same
 * error takes the argument's place.
 */
export function textInPlace(args: Args, index: number, keeps?: (value: unknown) => string | null): string | null {
  const value = args[index];
  const kept = keeps?.(value);
  if (kept !== undefined && kept !== null) return kept;
  let text: string;
  try {
    text = `${value as string}`;
  } catch (error) {
    const failing = create(null) as object;
    defineProperty(failing, 'toString', {
      value() {
        throw error;
      },
    });
    (args as unknown as unknown[])[index] = failing;
    return null;
  }
  (args as unknown as unknown[])[index] = text;
  return text;
}
