/**
 * An argument the browser turns into text itself — a URL, code — given as an object, whose toString makes
 * the text. It is turned into text here, once, and the text put in the object's place among the call's
 * arguments: the native call gets that same text, the page's toString runs once as it would without Saq,
 * and what Saq judges is what the browser uses. `keeps` names the objects the browser takes as they are
 * (a Request, a TrustedScript) by returning their text, read natively; they keep their place.
 */
import { bare } from './descriptors.ts';
import type { Args } from './patch.ts';

const { create, defineProperty } = Object;

/**
 * Whether the browser gets as far as making text of a call's arguments. Its bindings first check that the
 * function is called on an object of its interface and with as many arguments as it requires, and throw
 * before any toString runs; Saq's conversion must not run one then either — a page that counts the calls
 * (`innerHTML`'s setter called on a plain object) would tell Saq is there. `brand`: a native getter of the
 * same interface (main/natives.ts), which throws for any other receiver; null where the interface has none
 * to read (then only the count is checked).
 */
export function reachesConversion(brand: ((self: unknown) => unknown) | null, self: unknown, args: Args, required: number): boolean {
  if (args.length < required) return false;
  if (brand === null) return true;
  try {
    brand(self);
  } catch {
    return false;
  }
  return true;
}

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
    defineProperty(
      failing,
      'toString',
      bare({
        value() {
          throw error;
        },
      }),
    );
    (args as unknown as unknown[])[index] = failing;
    return null;
  }
  (args as unknown as unknown[])[index] = text;
  return text;
}

/**
 * The first `count` arguments that are objects or functions made text in place (textInPlace), in the
 * browser's order — if the browser gets that far (reachesConversion). A toString that throws stops there,
 * as the browser does: the arguments after it are not made text.
 */
export function leadingTextInPlace(
  self: unknown,
  args: Args,
  count: number,
  brand: ((self: unknown) => unknown) | null,
  required: number,
  keeps?: (value: unknown) => string | null,
): void {
  let objects = false;
  for (let i = 0; i < count; i++) if (madeIntoText(args[i])) objects = true;
  if (!objects || !reachesConversion(brand, self, args, required)) return;
  for (let i = 0; i < count; i++) {
    const value = args[i];
    // A symbol cannot be made text: the browser throws there, before the arguments after it.
    if (typeof value === 'symbol') return;
    if (madeIntoText(value) && textInPlace(args, i, keeps) === null) return;
  }
}
