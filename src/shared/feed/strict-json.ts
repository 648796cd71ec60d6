/**
 * A strict JSON parser. `JSON.parse` keeps the last of duplicate keys and silently rounds
 * 9007199254740993 to …992, so two parsers (CLI lint vs client, or two clients) could read different
 * values from the same signed bytes. This parser accepts only an unambiguous subset: no duplicate
 * keys, integers only and only safe ones, bounded depth, no BOM, no lone surrogates.
 *
 * One deliberate widening: the rule-set body carries real-valued thresholds and sample evidence
 * (`purchase_interval_cv_max: 0.08`, `ratePerSec: 1.5`), so a caller may name top-level keys whose
 * subtree may also hold plain decimal fractions (`0.08`, never `8e-2`, never beyond ±(2^53−1)).
 * Every feed header field (version, dates, lengths) stays integer-only wherever it appears.
 */
import { FeedError } from './errors.ts';

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

export const MAX_JSON_DEPTH = 32;

export interface StrictJsonOptions {
  maxDepth?: number;
  /** Top-level object keys whose values may contain decimal fractions (see the header comment). */
  fractionsUnder?: readonly string[];
}

/**
 * A refusal and where it is: `line` and `column` (1-based, counted in UTF-16 code units as editors do)
 * let the maintainer CLI say `file:line:column`; the message keeps the offset the client has always shown.
 */
export class StrictJsonError extends FeedError {
  constructor(
    /** What is wrong, without the position: `expected ',' or '}'`. */
    readonly reason: string,
    readonly offset: number,
    readonly line: number,
    readonly column: number,
    path: string,
  ) {
    super('BAD_JSON', `${reason} at offset ${offset}`, path);
  }
}

export function parseStrictJson(text: string, options: StrictJsonOptions = {}): JsonValue {
  return new Parser(text, options.maxDepth ?? MAX_JSON_DEPTH, options.fractionsUnder ?? []).parseDocument();
}

class Parser {
  private i = 0;
  constructor(
    private readonly s: string,
    private readonly maxDepth: number,
    private readonly fractionsUnder: readonly string[],
  ) {}

  parseDocument(): JsonValue {
    if (this.s.charCodeAt(0) === 0xfeff) this.fail('byte order mark not allowed', '$');
    this.ws();
    const v = this.value('$', 0, false);
    this.ws();
    if (this.i !== this.s.length) this.fail('trailing data: expected the end of the text after the value', '$');
    return v;
  }

  /** `at` is the offending character's offset (the end of the text when it ran out). */
  private fail(why: string, path: string, at = this.i): never {
    const before = this.s.slice(0, at);
    const line = before.split('\n').length;
    const column = at - (before.lastIndexOf('\n') + 1) + 1;
    throw new StrictJsonError(why, at, line, column, path);
  }

  private ws(): void {
    for (;;) {
      const c = this.s.charCodeAt(this.i);
      if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) this.i++;
      else return;
    }
  }

  private value(path: string, depth: number, fractions: boolean): JsonValue {
    const c = this.s[this.i];
    if (c === '{' || c === '[') {
      // Depth counts containers; checked before descending so a 10^6-deep input costs O(32).
      if (depth >= this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth}`, path);
      return c === '{' ? this.object(path, depth + 1, fractions) : this.array(path, depth + 1, fractions);
    }
    if (c === '"') return this.string(path);
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number(path, fractions);
    if (this.s.startsWith('true', this.i)) return this.literal(4, true);
    if (this.s.startsWith('false', this.i)) return this.literal(5, false);
    if (this.s.startsWith('null', this.i)) return this.literal(4, null);
    return this.fail(`expected a value, found ${c === undefined ? 'the end of the text' : JSON.stringify(c)}`, path);
  }

  private literal<T>(len: number, v: T): T {
    this.i += len;
    return v;
  }

  private object(path: string, depth: number, fractions: boolean): JsonObject {
    this.i++; // {
    const out: JsonObject = {};
    this.ws();
    if (this.s[this.i] === '}') {
      this.i++;
      return out;
    }
    for (;;) {
      if (this.s[this.i] !== '"') this.fail('expected a string key', path);
      const key = this.string(path);
      const childPath = `${path}.${key}`;
      if (Object.hasOwn(out, key)) this.fail(`duplicate key ${JSON.stringify(key)}`, childPath);
      this.ws();
      if (this.s[this.i] !== ':') this.fail("expected ':'", childPath);
      this.i++;
      this.ws();
      // defineProperty, not assignment: a "__proto__" key must stay data, never a prototype.
      const childFractions = fractions || (depth === 1 && this.fractionsUnder.includes(key));
      Object.defineProperty(out, key, {
        value: this.value(childPath, depth, childFractions),
        enumerable: true,
        writable: true,
        configurable: true,
      });
      this.ws();
      // Looked at before it is consumed, so a refusal points at the offending character itself.
      const c = this.s[this.i];
      if (c !== ',' && c !== '}') this.fail("expected ',' or '}'", path);
      this.i++;
      if (c === '}') return out;
      this.ws();
    }
  }

  private array(path: string, depth: number, fractions: boolean): JsonValue[] {
    this.i++; // [
    const out: JsonValue[] = [];
    this.ws();
    if (this.s[this.i] === ']') {
      this.i++;
      return out;
    }
    for (;;) {
      out.push(this.value(`${path}[${out.length}]`, depth, fractions));
      this.ws();
      const c = this.s[this.i];
      if (c !== ',' && c !== ']') this.fail("expected ',' or ']'", path);
      this.i++;
      if (c === ']') return out;
      this.ws();
    }
  }

  private number(path: string, fractions: boolean): number {
    const m = /^-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.s.slice(this.i, this.i + 400));
    if (!m) return this.fail('malformed number', path);
    if (m[2] !== undefined) this.fail('exponents are not allowed', path);
    if (m[1] !== undefined && !fractions) this.fail('only integers are allowed', path);
    const text = m[0];
    const n = Number(text);
    if (m[1] !== undefined) {
      if (Math.abs(n) > Number.MAX_SAFE_INTEGER) this.fail('number outside ±(2^53−1)', path);
    } else if (!Number.isSafeInteger(n)) {
      // 2^53 itself is not "safe": 9007199254740993 parses to it, so this also catches rounding.
      this.fail('integer outside ±(2^53−1)', path);
    }
    if (Object.is(n, -0)) this.fail('negative zero', path);
    this.i += text.length;
    return n;
  }

  private string(path: string): string {
    this.i++; // opening quote
    let out = '';
    let start = this.i;
    for (;;) {
      const c = this.s.charCodeAt(this.i);
      if (Number.isNaN(c)) this.fail(`unterminated string: expected a closing '"'`, path);
      if (c === 0x22) {
        out += this.s.slice(start, this.i);
        this.i++;
        return out;
      }
      if (c < 0x20) this.fail('control character in string', path);
      if (c >= 0xd800 && c <= 0xdfff) this.rawSurrogate(path);
      if (c === 0x5c) {
        out += this.s.slice(start, this.i);
        out += this.escape(path);
        start = this.i;
        continue;
      }
      this.i++;
    }
  }

  /** A raw surrogate can only come from a JS string built elsewhere; pairs pass, lone ones fail. */
  private rawSurrogate(path: string): void {
    const c = this.s.charCodeAt(this.i);
    const next = this.s.charCodeAt(this.i + 1);
    if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
      this.i++; // the loop steps over the low half
      return;
    }
    this.fail('lone surrogate', path);
  }

  private escape(path: string): string {
    const e = this.s[this.i + 1];
    this.i += 2;
    switch (e) {
      case '"':
        return '"';
      case '\\':
        return '\\';
      case '/':
        return '/';
      case 'b':
        return '\b';
      case 'f':
        return '\f';
      case 'n':
        return '\n';
      case 'r':
        return '\r';
      case 't':
        return '\t';
      case 'u': {
        const hi = this.hex4(path);
        if (hi >= 0xdc00 && hi <= 0xdfff) this.fail('lone low surrogate escape', path);
        if (hi < 0xd800 || hi > 0xdbff) return String.fromCharCode(hi);
        if (this.s[this.i] !== '\\' || this.s[this.i + 1] !== 'u') this.fail('lone high surrogate escape', path);
        this.i += 2;
        const lo = this.hex4(path);
        if (lo < 0xdc00 || lo > 0xdfff) this.fail('lone high surrogate escape', path);
        return String.fromCharCode(hi, lo);
      }
      default:
        return this.fail('invalid escape', path);
    }
  }

  private hex4(path: string): number {
    const h = this.s.slice(this.i, this.i + 4);
    if (!/^[0-9a-fA-F]{4}$/.test(h)) this.fail('invalid \\u escape', path);
    this.i += 4;
    return parseInt(h, 16);
  }
}
