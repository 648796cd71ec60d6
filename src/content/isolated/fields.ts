/** Form fields as the ISOLATED sensors read them: values never leave the page, only what they mean. */

export type FieldElement = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

export function isField(element: unknown): element is FieldElement {
  return element instanceof HTMLInputElement || element instanceof HTMLSelectElement || element instanceof HTMLTextAreaElement;
}

export function valueOf(element: Element): string {
  return isField(element) ? element.value : '';
}

export function positiveInt(text: string | null | undefined): number {
  const value = Number.parseInt(String(text ?? ''), 10);
  return Number.isFinite(value) && value > 0 ? value : 0;
}

/**
 * The quantity a value or attribute asks for, read both ways a page may read it: `parseInt` stops at the
 * first character that is not a digit, while `Number` — and the browser itself, for a number field's value,
 * `max` and `stepUp` — reads fractions and exponents. A helper that wrote '0.5e1' into the quantity was 0 to
 * the one and 5 to the shop's `Number(quantity.value)`. The larger of the two, so no spelling hides it.
 */
export function quantityOf(text: string | null | undefined): number {
  const numeric = Math.floor(Number(String(text ?? '').trim()));
  return Math.max(positiveInt(text), Number.isFinite(numeric) && numeric > 0 ? numeric : 0);
}

/**
 * The value the page's markup gave a field (the `value` attribute, the option marked `selected`):
 * unlike `.value`, a script setting the property cannot change it, so it still says what the page
 * offered when Saq first looks at a field after a helper already wrote to it.
 */
export function markupValueOf(element: Element): string {
  if (element instanceof HTMLInputElement || element instanceof HTMLTextAreaElement) return element.defaultValue;
  if (element instanceof HTMLSelectElement) {
    const options = [...element.options];
    return (options.find((option) => option.defaultSelected) ?? options[0])?.value ?? '';
  }
  return '';
}
