/**
 * Chromium: the inline scripts the shop's side (its own code, or a provider it trusts — a tag manager's custom
 * tags) inserted after the parse. V8 gives their frames no file, so the code they leave behind — a listener, a
 * timer — read as anonymous code, a stranger: a tag manager's tag reading its client-id cookie on a click was
 * SAQ-SEN-001, one inserting a consent-gated pixel later SAQ-INJ-004 (both browsers; review of benign pages,
 * stop 55). V8 names such a frame's script by its SHA-256 (`getScriptHash`), which v8-call-sites.ts asks here:
 * one of these scripts reads as the shop's inline script, as a parsed one does (the document's address).
 *
 * Whether the shop's side inserted a script is decided when it is inserted (script-insertion.main.ts, from the
 * inserting call's stack): a helper's script, inserted through the shop's own insertion code, is still the
 * helper's. The texts are hashed only when a frame with no file has to be named, each once.
 */
import { encodeText } from './natives.ts';
import { append, safeList, SafeSet } from './safe-collections.ts';
import { sha256Steps } from './sha256.ts';

/** The inline scripts' text kept for hashing, all together (~8 ms of hashing at most, once). */
const MAX_BYTES = 1_048_576;

export interface PageInline {
  /** An inline script the shop's side inserted: its text. */
  note(text: string): void;
  /** Whether any was noted (no hash is asked of V8 before). */
  any(): boolean;
  /** Whether V8's hash of a frame's script is one of theirs. */
  has(hash: string): boolean;
}

export function createPageInline(): PageInline {
  let pending = safeList<string>();
  const hashes = new SafeSet<string>();
  let bytes = 0;
  let noted = false;
  return {
    note(text) {
      if (text === '' || bytes + text.length > MAX_BYTES) return;
      bytes += text.length;
      noted = true;
      append(pending, text);
    },
    any: () => noted,
    has(hash) {
      if (pending.length > 0) {
        const texts = pending;
        pending = safeList();
        for (let i = 0; i < texts.length; i++) {
          try {
            const hex = sha256Steps(encodeText(texts[i]!))(Infinity);
            if (hex) hashes.add(hex);
          } catch {
            // Out of memory for one text: its frames stay anonymous.
          }
        }
      }
      return hashes.has(hash);
    },
  };
}
