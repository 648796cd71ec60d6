/**
 * A translator over one language's messages.json. Pure, so the background (warning texts), the pages
 * and tests share it. `$1`…`$9` are replaced by substitutions, as chrome.i18n does.
 */
export type Messages = Record<string, { message: string }>;
export type Translate = (key: string, substitutions?: string | string[]) => string;

export function createTranslator(messages: Messages, fallback: Translate = (key) => key): Translate {
  return (key, substitutions) => {
    const entry = messages[key];
    if (!entry) return fallback(key, substitutions);
    const values = substitutions === undefined ? [] : Array.isArray(substitutions) ? substitutions : [substitutions];
    return entry.message.replace(/\$([1-9])/g, (whole, index: string) => values[Number(index) - 1] ?? whole);
  };
}

export function parseMessages(raw: unknown): Messages {
  if (typeof raw !== 'object' || raw === null) throw new Error('messages.json is not an object');
  const out: Messages = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    const message = (value as { message?: unknown } | null)?.message;
    if (typeof message !== 'string') throw new Error(`messages.json: "${key}" has no message text`);
    out[key] = { message };
  }
  return out;
}
