/** Writes public/_locales/{kk,ru,en}/messages.json from the message tables (deterministic output). */
import { mkdirSync, writeFileSync } from 'node:fs';
import { RULE_MESSAGES } from './rule-messages.ts';
import { UI_MESSAGES, type Lang, type MessageTable } from './ui-messages.ts';

const LANGS: Lang[] = ['kk', 'ru', 'en'];

export function localeFiles(tables: MessageTable[]): Record<Lang, string> {
  const out = {} as Record<Lang, string>;
  for (const lang of LANGS) {
    const messages: Record<string, { message: string }> = {};
    for (const table of tables) {
      for (const key of Object.keys(table).sort()) {
        if (key in messages) throw new Error(`message key "${key}" is defined twice`);
        const text = table[key]![lang];
        if (!text) throw new Error(`message key "${key}" has no ${lang} text`);
        messages[key] = { message: text };
      }
    }
    out[lang] = JSON.stringify(messages, null, 2) + '\n';
  }
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const files = localeFiles([UI_MESSAGES, RULE_MESSAGES]);
  for (const lang of LANGS) {
    const dir = new URL(`../../public/_locales/${lang}/`, import.meta.url);
    mkdirSync(dir, { recursive: true });
    writeFileSync(new URL('messages.json', dir), files[lang]);
  }
  console.log('wrote public/_locales/{kk,ru,en}/messages.json');
}
