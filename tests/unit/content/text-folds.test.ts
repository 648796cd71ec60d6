import { describe, expect, it } from 'vitest';
import { createTextFolds } from '../../../src/content/main/text-folds.ts';
import type { Ticket } from '../../../src/content/main/sensor.ts';
import { FOLD_SEPARATOR, MAX_CODE_TEXT, MAX_STRING, parseMainToIsolated } from '../../../src/shared/page-protocol.ts';
import type { EvidenceValue } from '../../../src/shared/findings.ts';

const SHAPE = 'script-inserted|script|https://helper.test/flood.js';
const inline = (text: string, selfRemoved = false): Record<string, EvidenceValue> => ({
  src: '',
  inline: true,
  selfRemoved,
  sha256: '',
  text,
  how: 'insert',
  sha256Skipped: true,
});

/** Folds whose batches leave when `post()` is called, as the channel's do at the end of a task. */
function folds() {
  let posted = 0;
  const made = createTextFolds((ticket) => ticket.batch >= posted);
  const open = (evidence: Record<string, EvidenceValue>, shape = SHAPE): Ticket => {
    const ticket = { batch: posted, evidence };
    made.opened(shape, ticket);
    return ticket;
  };
  return { made, open, post: () => posted++ };
}

describe('folding a flood’s code texts', () => {
  it('joins alike findings of one shape into the one still waiting, every text kept, a line apart', () => {
    const { made, open } = folds();
    const first = open(inline('a = 1;'));
    expect(made.fold(SHAPE, inline('a = 2;'))).toBe(first);
    expect(made.fold(SHAPE, inline('a = 3;'))).toBe(first);
    expect(first.evidence).toEqual({ ...inline(['a = 1;', 'a = 2;', 'a = 3;'].join(FOLD_SEPARATOR)), folded: 3 });
  });

  it('keeps a finding of another shape, or with other evidence, out of the fold', () => {
    const { made, open } = folds();
    const first = open(inline('a = 1;'));
    expect(made.fold('script-inserted|unknown|', inline('a = 2;'))).toBeNull();
    expect(made.fold(SHAPE, { ...inline('a = 2;'), how: 'text-set' })).toBeNull();
    expect(made.fold(SHAPE, { ...inline('a = 2;'), extra: 1 })).toBeNull();
    const fewer = inline('a = 2;');
    delete fewer.sha256Skipped;
    expect(made.fold(SHAPE, fewer)).toBeNull();
    expect(
      made.fold(SHAPE, { src: 'https://x.test/a.js', inline: false, selfRemoved: false, sha256: '', how: 'insert', sha256Skipped: true }),
    ).toBeNull();
    expect(first.evidence.text).toBe('a = 1;');
    expect(first.evidence.folded).toBeUndefined();
  });

  it('says a fold hid itself when any of its scripts did', () => {
    const { made, open } = folds();
    const first = open(inline('a = 1;'));
    made.fold(SHAPE, inline('a = 2;', true));
    made.fold(SHAPE, inline('a = 3;'));
    expect(first.evidence.selfRemoved).toBe(true);
    expect(first.evidence.folded).toBe(3);
  });

  it('opens no more once the finding has left, or the task is over', () => {
    const { made, open, post } = folds();
    open(inline('a = 1;'));
    post();
    expect(made.fold(SHAPE, inline('a = 2;'))).toBeNull();
    open(inline('b = 1;'));
    made.clear();
    expect(made.fold(SHAPE, inline('b = 2;'))).toBeNull();
  });

  it('stops at MAX_CODE_TEXT: the text that does not fit leaves as a finding of its own, whole', () => {
    const { made, open } = folds();
    const long = 'x'.repeat(MAX_STRING);
    const first = open(inline(long));
    let joined = 1;
    while (made.fold(SHAPE, inline(long))) joined++;
    expect(joined).toBe(Math.floor((MAX_CODE_TEXT + FOLD_SEPARATOR.length) / (MAX_STRING + FOLD_SEPARATOR.length)));
    expect((first.evidence.text as string).length).toBeLessThanOrEqual(MAX_CODE_TEXT);
    expect(first.evidence.folded).toBe(joined);
    // And the full fold is a finding the ISOLATED world accepts.
    const finding = {
      kind: 'script-inserted',
      actor: { type: 'script', url: 'https://helper.test/flood.js' },
      evidence: first.evidence,
      at: 1,
    };
    expect(parseMainToIsolated({ t: 'finding', finding })).toEqual({ t: 'finding', finding });
  });

  it('never reads a field the page put on Object.prototype', () => {
    const { made, open } = folds();
    const proto = Object.prototype as Record<string, unknown>;
    proto.text = 'planted';
    try {
      const first = open({ src: 'https://x.test/a.js', how: 'insert' });
      expect(made.fold(SHAPE, { src: 'https://x.test/a.js', how: 'insert' })).toBeNull();
      expect(Object.hasOwn(first.evidence, 'text')).toBe(false);
    } finally {
      delete proto.text;
    }
  });
});
