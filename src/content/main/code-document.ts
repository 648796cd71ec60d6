/**
 * A document given a data: or blob: URL by code other than the shop's and its providers' — a frame, an
 * `<object>` or `<embed>`, a window or named frame `window.open` fills, a document navigated there: what
 * runs in it is out of sight — a data: document has an opaque origin (no hook reaches its realm, and its
 * requests are on no timeline or network view Saq has), a blob: one runs its scripts before its load, when
 * its realm is adopted, and a blob: window is no page Saq's scripts match — so, like a worker, it is
 * reported as an inserted script, SAQ-INJ-003's, `how` naming the way. (The shop's own receipt in a blob:
 * frame is its own business.)
 */
import { insertedEvidence } from './inserted-evidence.ts';
import { resolveUrl, startsWith } from './natives.ts';
import { isPageSide, type MainSensorContext } from './sensor.ts';

export type CodeDocumentHow = 'frame' | 'object' | 'window' | 'navigation';

/** Reports `raw` if it is such a URL; whether it was one (and so taken here). */
export type CodeDocumentCheck = (raw: unknown, how: CodeDocumentHow, inListener?: boolean) => boolean;

/**
 * `urgent`: for a document about to go (a navigation away), which cannot wait for the site profile — it is
 * judged with what is known then (the page's own origin; a provider's script counts as a stranger's until
 * the profile arrives, a few milliseconds after the page starts).
 */
export function codeDocumentReporter(context: MainSensorContext, urgent = false): CodeDocumentCheck {
  const { attribution, site } = context;
  return (raw, how, inListener = false) => {
    if (typeof raw !== 'string') return false;
    let url: string;
    try {
      // As the browser will read it (the URL parser drops tabs and newlines anywhere: "da\tta:" is data:).
      url = resolveUrl(raw);
    } catch {
      return false;
    }
    if (!startsWith(url, 'data:') && !startsWith(url, 'blob:')) return false;
    const attributed = attribution.attribute(inListener);
    // Urgent: an inline script's actor leaves without its SHA-256 (hashing takes a task the document may not have).
    const who = urgent ? { actor: attributed.actor } : attributed;
    const decide = (): void => {
      if (!isPageSide(who.actor, site)) context.report('script-inserted', who, insertedEvidence(url, '', how)); // cut to size with every finding (clamp.ts)
    };
    if (urgent) decide();
    else site.whenKnown(decide);
    return true;
  };
}
