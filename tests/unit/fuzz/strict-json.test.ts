/**
 * Fuzz the strict JSON parser (src/shared/feed/strict-json.ts), the first thing verified feed bytes
 * and the rules CLI meet. Differential oracle: whatever the strict parser accepts, `JSON.parse`
 * accepts too and reads the SAME value — so client and CLI (and any other reader) can never disagree
 * about what signed bytes mean. Every refusal is a BAD_JSON / BAD_ENCODING FeedError.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { utf8DecodeStrict, utf8Encode } from '../../../src/shared/feed/encoding.ts';
import { MAX_JSON_DEPTH, parseStrictJson } from '../../../src/shared/feed/strict-json.ts';
import type { StrictJsonOptions } from '../../../src/shared/feed/strict-json.ts';
import { RULES_JSON } from '../../../src/shared/feed/open-envelope.ts';
import { fuzz, timeoutFor } from './budget.ts';
import { mutatedBytes } from './mutate.ts';
import { attempt, expectFeedError } from './rejections.ts';

/** JSON the strict parser must accept: safe integers only, unique keys, well-formed strings, bounded depth. */
const strictJson: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constant(null),
    fc.boolean(),
    fc.integer(),
    fc.maxSafeInteger(),
    fc.string({ unit: 'binary', maxLength: 24 }),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.string({ unit: 'binary', maxLength: 8 }), tie('value'), { maxKeys: 5 }),
  ),
})).value;

function depthOf(v: unknown): number {
  if (Array.isArray(v)) return 1 + Math.max(0, ...v.map(depthOf));
  if (typeof v === 'object' && v !== null) return 1 + Math.max(0, ...Object.values(v).map(depthOf));
  return 0;
}

/** The oracle: strict acceptance implies JSON.parse acceptance with an identical value. */
function checkAgainstJsonParse(text: string, options: StrictJsonOptions = {}): string {
  const strict = attempt(() => parseStrictJson(text, options));
  if (!strict.ok) return `refused:${expectFeedError(strict.error, ['BAD_JSON']).code}`;
  let loose: unknown;
  try {
    loose = JSON.parse(text);
  } catch {
    throw new Error(`strict parser accepted what JSON.parse refuses: ${JSON.stringify(text.slice(0, 200))}`);
  }
  expect(strict.value).toStrictEqual(loose);
  return 'accepted';
}

// Real documents the parser meets: the baseline rule set and a signed envelope.
const BASELINE_TEXT = readFileSync(new URL('../../../rules/baseline.json', import.meta.url), 'utf8');
const POINTER_TEXT = readFileSync(new URL('../../../rules/bundle/timestamp.json', import.meta.url), 'utf8');
const SMALL_DOCS = [
  '{"_type":"timestamp","version":1,"rules":{"length":10,"sha256":"ab"},"x":[1,-2,true,false,null,"\\u00e9\\ud83d\\ude00"]}',
  '{"a":{"b":{"c":[[[[0]]]]}},"s":"\\"\\\\\\/\\b\\f\\n\\r\\t"}',
  '{"body":{"t":0.08,"n":-1.5},"version":3}',
  POINTER_TEXT,
].map(utf8Encode);
const JSONISH = fc.string({
  unit: fc.constantFrom(...'{}[]",:0123456789-+.eE tfnrul\\u"aZ\n'.split(''), '\\u', '\\ud800', 'true', 'null', '1e9', '9007199254740993'),
  maxLength: 48,
});

describe('fuzz: strict JSON parser', () => {
  it(
    'accepts every strict document and reads it exactly as JSON.parse does',
    () => {
      fuzz('strict-json/generated', strictJson, (value) => {
        const text = JSON.stringify(value);
        const parsed = attempt(() => parseStrictJson(text));
        if (depthOf(value) > MAX_JSON_DEPTH) {
          if (parsed.ok) throw new Error(`accepted nesting deeper than ${MAX_JSON_DEPTH}`);
          return `too deep, refused:${expectFeedError(parsed.error, ['BAD_JSON']).code}`;
        }
        if (!parsed.ok) throw new Error(`refused a strict document: ${String(parsed.error)} in ${text.slice(0, 200)}`);
        expect(parsed.value).toStrictEqual(JSON.parse(text));
        return 'accepted';
      });
    },
    timeoutFor('strict-json/generated'),
  );

  it(
    'mutated real documents: refused with BAD_ENCODING/BAD_JSON or read as JSON.parse reads them',
    () => {
      // The baseline is large; a few whole-file cases, most of the budget on smaller documents.
      const seeds = [...SMALL_DOCS, ...SMALL_DOCS, utf8Encode(BASELINE_TEXT)];
      fuzz('strict-json/mutated-bytes', mutatedBytes(seeds), (bytes) => {
        const decoded = attempt(() => utf8DecodeStrict(bytes));
        if (!decoded.ok) return `refused:${expectFeedError(decoded.error, ['BAD_ENCODING']).code}`;
        checkAgainstJsonParse(decoded.value, RULES_JSON);
        return checkAgainstJsonParse(decoded.value);
      });
    },
    timeoutFor('strict-json/mutated-bytes', 8),
  );

  it(
    'JSON-shaped noise: refused with BAD_JSON or read as JSON.parse reads it',
    () => {
      fuzz('strict-json/noise', JSONISH, (text) => {
        checkAgainstJsonParse(text, RULES_JSON);
        return checkAgainstJsonParse(text);
      });
    },
    timeoutFor('strict-json/noise'),
  );

  it('refuses what JSON.parse would read differently: duplicates, rounding, -0, fractions in headers', () => {
    for (const text of ['{"version":1,"version":999}', '{"v":9007199254740993}', '{"v":-0}', '{"version":1.0}', '{"v":1e3}']) {
      expectFeedError(
        captured(() => parseStrictJson(text)),
        ['BAD_JSON'],
      );
    }
  });
});

function captured(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a refusal');
}
