/**
 * Chromium: the inline scripts the shop's side (its own code, or a provider it trusts — a tag manager's custom
 * tags) inserted after the parse. V8 gives their frames no file, so the code they leave behind — a listener, a
 * timer — read as anonymous code, a stranger: a tag manager's tag reading its client-id cookie on a click was
 * SAQ-SEN-001, one inserting a consent-gated pixel later SAQ-INJ-004 (both browsers; review of benign pages,
 * stop 55). V8 names such a frame's script by its SHA-256 (`getScriptHash`), which v8-call-sites.ts asks here:
 * one of these scripts reads as the shop's inline script, as a parsed one does (the document's address).
 *
 * Whether the shop's side inserted a script is decided from the inserting call's stack (script-insertion.main.ts):
 * a helper's script, inserted through the shop's own insertion code, is still the helper's. Its side is decided
 * once the profile says who the shop's providers are: a tag manager served from the browser's cache inserts its
 * tags before that, and its tags read as a stranger's for the rest of the document (both browsers). The texts are
 * hashed only when a frame with no file has to be named, each once.
 *
 * Firefox has no hash, and names every such script after the document and the line of the code that inserted it —
 * Saq's own wrapper, whoever called it (`<page> line 6 > injectedScript`): its frames cannot be told apart. So there
 * they read as the document's only while every inline script that may have run from an insertion was the shop's
 * side's (`shopsOnly`): one a stranger inserted, one given its code after it was inserted (an empty script filled),
 * or one put into a container off the page (whose code may change before it is connected) ends that for the rest of
 * the document's life, and one whose side is not decided yet until it is; such frames are strangers then, as they
 * all were before (review of benign pages, stop 55: the tag manager's case, and a newsletter pop-up such a tag
 * draws later, SAQ-CHK-003).
 */
import { encodeText } from './natives.ts';
import { append, safeList, SafeSet } from './safe-collections.ts';
import { sha256Steps } from './sha256.ts';

/** The inline scripts' text kept for hashing, all together (~8 ms of hashing at most, once). */
const MAX_BYTES = 1_048_576;

export interface PageInline {
  /** An inline script was inserted with this text: the returned call says, once, whether the shop's side did. */
  inserted(text: string): (shops: boolean) => void;
  /** An inline script whose code may not be the shop's side's runs, or may: Firefox stops trusting injected frames. */
  stranger(): void;
  /** Firefox: whether every inline script that may have run from an insertion was the shop's side's (and one was). */
  shopsOnly(): boolean;
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
  let strangers = false;
  /** Insertions whose side the profile has not decided yet. */
  let undecided = 0;
  const note = (text: string): void => {
    if (text === '' || bytes + text.length > MAX_BYTES) return;
    bytes += text.length;
    noted = true;
    append(pending, text);
  };
  return {
    inserted(text) {
      undecided++;
      let decided = false;
      return (shops) => {
        if (decided) return;
        decided = true;
        undecided--;
        if (shops) note(text);
        else strangers = true;
      };
    },
    stranger() {
      strangers = true;
    },
    shopsOnly: () => noted && !strangers && undecided === 0,
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
