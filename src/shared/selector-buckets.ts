/**
 * A selector list sorted by what an element must be to match it, so that each added element is matched only
 * against the selectors that could match it (main/child-lists.ts). One `matches` with the sensors' whole list
 * (~40 selectors) cost an appended <div> ~0.3 µs in Chromium, most of the MAIN-world observer's own time
 * (npm run bench, hooks): the list is mostly `input[…]`, `form[…]`, `select[…]`, which a <div> never is.
 *
 * A selector is sorted by its subject (the compound after the last combinator):
 * - `tags`: it names a type (`input[name*=sms i]` under "input"): matched only against elements of that local
 *   name. HTML element names are matched case-insensitively, so the key is lower case.
 * - `attributed`: no type, but an attribute, class or id it needs (`.btn-buy`, `[data-role=quantity]`): an
 *   element with no attributes at all cannot match it.
 * - `bare`: anything else (`*:not(:defined)`, `:nth-child(2)`, a namespace, an escape): matched against every
 *   element, as before.
 * What cannot be read here with certainty goes to `bare`: sorting may only save work, never lose a match.
 */

export interface SelectorBuckets {
  bare: string;
  attributed: string;
  /** Local name → the selectors whose subject is of that type, joined. */
  tags: Record<string, string>;
}

/**
 * What matters at a selector's top level, and what hides it: an escape with the character it escapes, a quoted
 * string whole (to its end if unclosed), a bracket or parenthesis, a comma or combinator. The regular expression
 * skips every other character in native code: a loop calling `at` for each character cost the ISOLATED world
 * ~0.2 ms and ~0.8 ms (medians, Chromium) for the two lists it sorts on a product load, in the interpreter.
 */
const SIGNIFICANT = /\\[^]?|"(?:[^"\\]|\\[^])*"?|'(?:[^'\\]|\\[^])*'?|[()[\] \t\n>+~,]/g;

/** Calls `at` for each comma or combinator outside brackets, parentheses, quotes and escapes, with its index. */
function eachTopLevel(text: string, at: (c: string, i: number) => void): void {
  let depth = 0;
  for (const match of text.matchAll(SIGNIFICANT)) {
    const c = match[0];
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (depth === 0 && c.length === 1) at(c, match.index);
  }
}

/** The list's selectors, split at its top-level commas (not those inside brackets, parentheses or quotes). */
export function splitSelectors(list: string): string[] {
  const out: string[] = [];
  let start = 0;
  eachTopLevel(list, (c, i) => {
    if (c !== ',') return;
    out.push(list.slice(start, i).trim());
    start = i + 1;
  });
  out.push(list.slice(start).trim());
  return out.filter(Boolean);
}

/** Where the selector's subject compound starts: after its last top-level combinator. */
function subjectStart(selector: string): number {
  let start = 0;
  eachTopLevel(selector, (c, i) => {
    if (c === ' ' || c === '>' || c === '+' || c === '~' || c === '\t' || c === '\n') start = i + 1;
  });
  return start;
}

/** Whether the compound holds, at its top level, an attribute, class or id selector (one a bare element fails). */
function needsAttributes(compound: string): boolean {
  let depth = 0;
  for (let i = 0; i < compound.length; i++) {
    const c = compound[i]!;
    if (c === '\\') return false; // an escape: not read here
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && (c === '[' || c === '.' || c === '#')) return true;
  }
  return false;
}

const TYPE = /^([a-zA-Z][a-zA-Z0-9-]*)(?=$|[[.#:])/;

export function bucketSelectors(list: string): SelectorBuckets {
  const bare: string[] = [];
  const attributed: string[] = [];
  const tags = new Map<string, string[]>();
  for (const selector of splitSelectors(list)) {
    const subject = selector.slice(subjectStart(selector));
    const type = subject.includes('\\') || subject.includes('|') ? null : TYPE.exec(subject);
    if (type) {
      const name = type[1]!.toLowerCase();
      tags.set(name, [...(tags.get(name) ?? []), selector]);
    } else if (subject && !subject.includes('|') && needsAttributes(subject)) attributed.push(selector);
    else bare.push(selector);
  }
  return {
    bare: bare.join(','),
    attributed: attributed.join(','),
    tags: Object.fromEntries([...tags].map(([name, selectors]) => [name, selectors.join(',')])),
  };
}
