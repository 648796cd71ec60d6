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
