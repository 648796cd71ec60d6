/**
 * Which untrusted event a MAIN-world announcement of a dispatch names (sent by
 * src/content/sensors/synthetic-events.main.ts, read by untrusted-activation.isolated.ts). Pure: unit-tested
 * in Node (tests/unit/content/untrusted-activation.test.ts).
 *
 * The key is the event's `timeStamp`: its creation time, not its dispatch's — the same number in every world,
 * and the same for every dispatch of one event object. Matching it within a few milliseconds of the dispatch
 * time let a page create its click, dispatch it 50 ms later (or dispatch it again) and have it blamed on
 * another extension, and let another world's click made within that window take a page's announcement.
 * So an announcement names only:
 * - for dispatchEvent(), the event whose timeStamp it carries, exactly (the hook reads it with the getter
 *   captured at document_start: an own `timeStamp` the page puts on the event does not change it);
 * - for click() and requestSubmit(), whose event the browser creates inside the call, an event created
 *   between the call's start and end. It is sent after the call, so the event is already waiting for it.
 *   Another world's event can take it only if made during that call (by a listener the call ran).
 * Both clocks are the page's performance clock, coarsened the same monotonic way in both browsers.
 */

export interface DispatchAnnouncement {
  eventType: string;
  at: number;
  /** Set for click() and requestSubmit(): the call's end (`at` its start). */
  until?: number;
}

/** Whether the announcement names the dispatch of an event of `type` created at `timeStamp`. */
export function announces(announcement: DispatchAnnouncement, type: string, timeStamp: number): boolean {
  if (announcement.eventType !== type) return false;
  const { at, until } = announcement;
  return until === undefined ? timeStamp === at : at <= timeStamp && timeStamp <= until;
}
