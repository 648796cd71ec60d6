/**
 * An argument the browser turns into text itself — a URL, code — given as an object, whose toString makes
 * the text. It is turned into text here, once, and the text put in the object's place among the call's
 * arguments: the native call gets that same text, the page's toString runs once as it would without Saq,
 * and what Saq judges is what the browser uses. `keeps` names the objects the browser takes as they are
 * (a Request, a TrustedScript) by returning their text, read natively; they keep their place.
 */
import type { Args } from './patch.ts';

/** The text, or null when the object's toString throws (so will the native call's, and nothing happens). */
export function textInPlace(args: Args, index: number, keeps?: (value: unknown) => string | null): string | null {
  const value = args[index];
  const kept = keeps?.(value);
  if (kept !== undefined && kept !== null) return kept;
  let text: string;
  try {
    text = `${value as string}`;
  } catch {
    return null;
  }
  (args as unknown as unknown[])[index] = text;
  return text;
}
