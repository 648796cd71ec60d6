/**
 * Every text a person reads exists in Kazakh, Russian and English; the generated _locales files are
 * current; every key the code or a rule names exists, and every UI key is used; Kazakh and Russian are
 * written in Cyrillic (Kazakh with its own letters, not a copy of the Russian); the bank's official
 * Kazakh terms are used where the texts refer to them; and no UI component holds hard-coded text.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { RULE_MESSAGES } from '../../../tools/i18n/rule-messages.ts';
import { SAME_IN_EVERY_LANGUAGE, UI_MESSAGES, type Lang } from '../../../tools/i18n/ui-messages.ts';
import { localeFiles } from '../../../tools/i18n/write-locales.ts';
import { findHardcodedText } from './hardcoded-text.ts';

const ROOT = new URL('../../../', import.meta.url).pathname;
const LANGS: Lang[] = ['kk', 'ru', 'en'];
const ALL = { ...UI_MESSAGES, ...RULE_MESSAGES };

function files(dir: string, pattern: RegExp): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path, pattern) : pattern.test(name) ? [path] : [];
  });
}

/** Every string literal in the extension's sources (message keys are always written out in full). */
function sourceLiterals(): Set<string> {
  const literals = new Set<string>();
  for (const path of files(join(ROOT, 'src'), /\.tsx?$/)) {
    const file = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) literals.add(node.text);
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  for (const match of readFileSync(join(ROOT, 'manifest.json'), 'utf8').matchAll(/__MSG_(\w+)__/g)) literals.add(match[1]!);
  return literals;
}

function ruleMessageKeys(): string[] {
  return files(join(ROOT, 'rules/src'), /\.json$/).flatMap((path) => {
    const source = JSON.parse(readFileSync(path, 'utf8')) as { rules?: Array<{ message?: string }> };
    return (source.rules ?? []).map((rule) => rule.message).filter((key): key is string => typeof key === 'string');
  });
}

/** Words in Latin script that Kazakh and Russian texts may keep: names, protocols, web addresses. */
const LATIN_ALLOWED =
  /\b(Saq|Telegram|Discord|WebDriver|ChromeDriver|Puppeteer|Playwright|SMS|cookie|base64|Chrome|Chromium|Firefox|Edge|JSON|HTML|SHA-256|URL|ID)\b|[a-z0-9.-]+\.(kz|org|com|test)\b|\bhttps?:\S+|\b[a-z]+:\/\/\S*|\babout:\S+|Ctrl|Shift/g;
const KAZAKH_LETTERS = /[әғқңөұүһіӘҒҚҢӨҰҮҺІ]/;

describe('message tables', () => {
  it('every key has text in kk, ru and en', () => {
    const gaps: string[] = [];
    for (const [key, texts] of Object.entries(ALL))
      for (const lang of LANGS) if (!texts[lang]?.trim()) gaps.push(`${key} has no ${lang} text`);
    expect(gaps).toEqual([]);
  });

  it('no key is defined in both the UI and the rule tables', () => {
    const twice = Object.keys(UI_MESSAGES).filter((key) => key in RULE_MESSAGES);
    expect(twice).toEqual([]);
  });

  it('keys are valid chrome.i18n names', () => {
    expect(Object.keys(ALL).filter((key) => !/^[A-Za-z0-9_]+$/.test(key))).toEqual([]);
  });

  it('public/_locales is generated from the tables (run `npx tsx tools/i18n/write-locales.ts`)', () => {
    const expected = localeFiles([UI_MESSAGES, RULE_MESSAGES]);
    for (const lang of LANGS) {
      const written = readFileSync(join(ROOT, `public/_locales/${lang}/messages.json`), 'utf8');
      expect(written, `public/_locales/${lang}/messages.json is stale`).toBe(expected[lang]);
    }
  });

  it('placeholders ($1…$9) match across languages', () => {
    const mismatched: string[] = [];
    for (const [key, texts] of Object.entries(ALL)) {
      const placeholders = (text: string) =>
        [...text.matchAll(/\$[1-9]/g)]
          .map((m) => m[0])
          .sort()
          .join(',');
      if (new Set(LANGS.map((lang) => placeholders(texts[lang]))).size > 1) mismatched.push(key);
    }
    expect(mismatched).toEqual([]);
  });

  it('texts are translated, not copied, unless they are names written in their own language', () => {
    const copied: string[] = [];
    for (const [key, texts] of Object.entries(ALL)) {
      if (SAME_IN_EVERY_LANGUAGE.has(key)) continue;
      if (
        texts.kk === texts.ru ||
        (texts.kk === texts.en && /\p{L}{3}/u.test(texts.en)) ||
        (texts.ru === texts.en && /\p{L}{3}/u.test(texts.en))
      )
        copied.push(key);
    }
    // A few words are the same in Kazakh and Russian (Браузер); those are fine.
    expect(copied.filter((key) => ALL[key]!.kk.split(/\s+/).length > 1)).toEqual([]);
  });
});

describe('Kazakh and Russian are written in Cyrillic', () => {
  for (const lang of ['kk', 'ru'] as const) {
    it(`${lang}: no Latin words except names, protocols and addresses`, () => {
      const latin: string[] = [];
      for (const [key, texts] of Object.entries(ALL)) {
        if (SAME_IN_EVERY_LANGUAGE.has(key)) continue;
        const rest = texts[lang].replace(LATIN_ALLOWED, '');
        if (/[A-Za-z]{2,}/.test(rest)) latin.push(`${key}: ${texts[lang]}`);
      }
      expect(latin).toEqual([]);
    });
  }

  it('kk: every sentence-length text uses Kazakh letters (not Russian left untranslated)', () => {
    const suspicious = Object.entries(ALL)
      .filter(([key, texts]) => !SAME_IN_EVERY_LANGUAGE.has(key) && texts.kk.split(/\s+/).length >= 4 && !KAZAKH_LETTERS.test(texts.kk))
      .map(([key, texts]) => `${key}: ${texts.kk}`);
    expect(suspicious).toEqual([]);
  });

  it('kk: the bank’s official terms (Пайдаланушы келісімі, 11.4-тармақ, Байланыс орталығы, Ұлттық Банк)', () => {
    const wrong: string[] = [];
    for (const [key, { kk }] of Object.entries(ALL)) {
      if (kk.includes('11.4') && !(/11\.4-тармағ/.test(kk) && /Пайдаланушы келісім/.test(kk))) wrong.push(`${key}: ${kk}`);
      if (kk.includes('1477') && !/Байланыс орталығ/.test(kk)) wrong.push(`${key}: ${kk}`);
      if (/ұлттық банк/i.test(kk) && !/Ұлттық Банк/.test(kk)) wrong.push(`${key}: ${kk}`);
      if (/ҚҰБ|Нацбанк/.test(kk)) wrong.push(`${key}: abbreviations a reader may not know: ${kk}`);
    }
    expect(wrong).toEqual([]);
  });
});

describe('keys the code and the rules name', () => {
  const literals = sourceLiterals();
  const KEY_SHAPE =
    /^(ext|verdict|severity|actor|popup|finding|why|todo|clean|links?|feed|report|warning|options|lang|inventory|rule)_[a-z0-9_]+$/;

  it('every key-shaped string in src/ and the manifest exists in the tables', () => {
    const missing = [...literals].filter((literal) => KEY_SHAPE.test(literal) && !(literal in ALL));
    expect(missing).toEqual([]);
  });

  it('every rule message in rules/src exists in tools/i18n/rule-messages.ts', () => {
    expect(ruleMessageKeys().filter((key) => !(key in RULE_MESSAGES))).toEqual([]);
  });

  /**
   * Text written ahead of a component another engineer is building: exempt only while that file does
   * not exist, so the exemption ends by itself when the component lands.
   */
  const PENDING: Record<string, RegExp> = { 'src/ui/InventoryPanel.tsx': /^inventory_/ };

  it('every UI key is used by the code (no dead text to translate)', () => {
    const pending = Object.entries(PENDING).filter(([file]) => !existsSync(join(ROOT, file)));
    const unused = Object.keys(UI_MESSAGES).filter((key) => !literals.has(key) && !pending.some(([, keys]) => keys.test(key)));
    expect(unused).toEqual([]);
  });

  it('every rule message is used by a rule', () => {
    const used = new Set(ruleMessageKeys());
    expect(Object.keys(RULE_MESSAGES).filter((key) => !used.has(key))).toEqual([]);
  });
});

describe('no hard-coded text in UI code', () => {
  const UI_DIRS = ['src/popup', 'src/options', 'src/ui', 'src/content/warning'];

  it('components and the in-page warning take every visible word from i18n', () => {
    const offences: string[] = [];
    for (const dir of UI_DIRS) {
      let paths: string[] = [];
      try {
        paths = files(join(ROOT, dir), /\.tsx?$/);
      } catch {
        continue; // a folder not created yet
      }
      for (const path of paths)
        for (const hit of findHardcodedText(path, readFileSync(path, 'utf8')))
          offences.push(`${relative(ROOT, path)}:${hit.line}: "${hit.text}"`);
    }
    expect(offences).toEqual([]);
  });

  it('the checker itself catches JSX text, text attributes and DOM text writes', () => {
    const sample = `
      export const A = () => <p title="Close me">Hello <b>{'world'}</b> {t('ok')} Saq</p>;
      el.textContent = 'Warning!';
      el.setAttribute('aria-label', 'Saq warning');
      el.className = 'box warning';
      icon.textContent = '!';
    `;
    const hits = findHardcodedText('sample.tsx', sample).map((hit) => hit.text);
    expect(hits).toEqual(['Close me', 'Hello', 'world', 'Warning!', 'Saq warning']);
  });
});
