// Escaping for the string templates: product names and fixture-free text only, but escaping
// everything keeps the templates safe to copy.
export function esc(value: string | number): string {
  return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** "450 000 ₸": the way prices are written in Kazakhstan. */
export function formatKzt(amount: number): string {
  return `${String(amount).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0')}\u00a0₸`;
}
