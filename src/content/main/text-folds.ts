/**
 * A flood's code texts, several to a finding. Past the hash budget (main-world.iife.ts) a finding of an inserted
 * inline script carries nothing but its text's first 2 KB for the code-token indicators, and under a flood of
 * 10,000 scripts each one was a finding of its own, copied into the ISOLATED world, checked there, relayed to
 * the worker and judged: most of what the flood made Saq's two worlds allocate, and the garbage collections in
 * the page's long tasks (docs/performance.md, "Texts folded, stop 46"). Such findings of one shape that are
 * alike but for their text now join the one still waiting in the task's batch: its `text` holds each one's
 * text, a line apart, up to MAX_CODE_TEXT, and `folded` counts them. Every text still reaches the indicators.
 * Never folded: a hashed finding (it carries a digest of its own), and an inline actor's (its shape does not tell
 * one inline script from another: main-world.iife.ts).
 */
import type { EvidenceValue } from '../../shared/findings.ts';
import { FOLD_SEPARATOR, MAX_CODE_TEXT } from '../../shared/page-protocol.ts';
import { bare, setOwn } from './descriptors.ts';
import { SafeMap } from './safe-collections.ts';
import type { Ticket } from './sensor.ts';

// Captured when the bundle starts (as main/natives.ts does; that module needs a window, this one is unit-tested).
const { hasOwn, keys: objectKeys } = Object;

/** Fields that may differ between the findings of one fold: the text itself, how many, and whether any hid. */
const FOLD_FIELDS: Record<string, true | undefined> = bare({ text: true, folded: true, selfRemoved: true });

export interface TextFolds {
  /**
   * Folds `evidence` into the finding of the same shape still waiting to leave, when it is alike but for its
   * text and the text fits: returns that finding's ticket, or null (the caller sends it as its own finding).
   */
  fold(shape: string, evidence: Record<string, EvidenceValue>): Ticket | null;
  /** A finding just sent: later ones of its shape may join it while it waits. */
  opened(shape: string, ticket: Ticket): void;
  /** The task is over (its batch has left): nothing open can take more. */
  clear(): void;
}

/** The record's own text field (never one the page put on `Object.prototype`). */
const ownText = (evidence: Record<string, EvidenceValue>): string | undefined =>
  hasOwn(evidence, 'text') && typeof evidence.text === 'string' ? evidence.text : undefined;

/** How many of a record's own fields must match for another to join it: all but the ones a fold merges. */
function comparedFields(evidence: Record<string, EvidenceValue>): number {
  const names = objectKeys(evidence);
  let count = 0;
  for (let i = 0; i < names.length; i++) if (!FOLD_FIELDS[names[i]!]) count++;
  return count;
}

/**
 * Whether `evidence` says what the open record says but for the fields a fold merges: each of its own fields
 * matches, and it has as many as the open one (`fields`, counted when the fold opened: only merged fields change
 * after that).
 */
function alike(open: Record<string, EvidenceValue>, fields: number, evidence: Record<string, EvidenceValue>): boolean {
  const names = objectKeys(evidence);
  let compared = 0;
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    if (FOLD_FIELDS[name]) continue;
    if (!hasOwn(open, name) || open[name] !== evidence[name]) return false;
    compared++;
  }
  return compared === fields;
}

/**
 * Sets a field: by assignment when the record has it (a flood's fold is written once per script joining it), by
 * definition when it does not — assigning a new field would run a setter the page put on its Object.prototype.
 */
function write(record: Record<string, EvidenceValue>, name: string, value: EvidenceValue): void {
  if (hasOwn(record, name)) record[name] = value;
  else setOwn(record, name, value);
}

/** `unsent`: whether a ticket's finding can still be amended (the channel has not posted its batch). */
export function createTextFolds(unsent: (ticket: Ticket) => boolean): TextFolds {
  /** Per shape, the finding still open to more and the number of its fields another must match. */
  const open = new SafeMap<string, { ticket: Ticket; fields: number }>();
  return {
    fold(shape, evidence) {
      const fold = open.get(shape);
      if (!fold || !unsent(fold.ticket)) return null;
      const into = fold.ticket.evidence;
      const text = ownText(evidence);
      const joined = ownText(into);
      if (text === undefined || joined === undefined || !alike(into, fold.fields, evidence)) return null;
      if (joined.length + FOLD_SEPARATOR.length + text.length > MAX_CODE_TEXT) return null;
      write(into, 'text', joined + FOLD_SEPARATOR + text);
      write(into, 'folded', (hasOwn(into, 'folded') ? (into.folded as number) : 1) + 1);
      if (hasOwn(evidence, 'selfRemoved') && evidence.selfRemoved === true) write(into, 'selfRemoved', true);
      return fold.ticket;
    },
    opened(shape, ticket) {
      if (ownText(ticket.evidence) !== undefined) open.set(shape, { ticket, fields: comparedFields(ticket.evidence) });
    },
    clear: () => open.clear(),
  };
}
