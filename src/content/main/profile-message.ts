/**
 * The ISOLATED world's messages as the MAIN world reads them: the lane's event type, the site profile, syncs
 * and where the focus went in a closed shadow root.
 * The ISOLATED world is trusted, but the MAIN world still checks shape: a bad profile is ignored.
 * The profile arrives after page scripts may have run, in the page's realm, so it is read with natives
 * captured when the bundle started and loops by index — a page that replaced `Array.isArray`,
 * `Array.prototype.every` or the array iterator cannot make it fail or read short — and it is built as an
 * object with no prototype: assigned into a plain `{}`, a key the page defined as an accessor on
 * Object.prototype would take the list and answer later reads with the page's own (say, telling the
 * MAIN world that a Telegram bot is one of the shop's origins).
 */
import {
  isShortString,
  LANE_LENGTH,
  MAX_AMONG,
  MAX_AMONG_TAGS,
  MAX_PROFILE_LIST,
  MAX_SYNC,
  PROFILE_KEYS,
  type IsolatedToMainMessage,
  type PageProfile,
} from '../../shared/page-protocol.ts';

const isArray = Array.isArray;
const hasOwn = Object.hasOwn;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !isArray(value);

function isProfileList(list: unknown): list is string[] {
  if (!isArray(list) || list.length > MAX_PROFILE_LIST) return false;
  for (let i = 0; i < list.length; i++) if (!isShortString(list[i])) return false;
  return true;
}

export function parseIsolatedToMain(value: unknown): IsolatedToMainMessage | null {
  if (!isRecord(value)) return null;
  if (value.t === 'lane')
    return typeof value.type === 'string' &&
      value.type.length === LANE_LENGTH &&
      typeof value.ask === 'string' &&
      value.ask.length === LANE_LENGTH &&
      // Own, always sent: an inherited one would be a page's Object.prototype.handover.
      hasOwn(value, 'handover') &&
      typeof value.handover === 'string' &&
      (value.handover === '' || value.handover.length === LANE_LENGTH)
      ? { t: 'lane', type: value.type, ask: value.ask, handover: value.handover }
      : null;
  if (value.t === 'among') {
    const text = (key: string): string | null =>
      hasOwn(value, key) && typeof value[key] === 'string' && value[key].length <= MAX_AMONG ? value[key] : null;
    const selector = text('selector');
    const bare = text('bare');
    const attributed = text('attributed');
    const { tags, complete } = value;
    const tagsOk = hasOwn(value, 'tags') && isArray(tags) && tags.length <= 2 * MAX_AMONG_TAGS && tags.length % 2 === 0;
    if (selector === null || bare === null || attributed === null || !tagsOk || !hasOwn(value, 'complete') || typeof complete !== 'boolean')
      return null;
    // Own indices of the clone only this world holds: read as they are (a write could meet a page's setter).
    for (let i = 0; i < tags.length; i++) if (typeof tags[i] !== 'string' || (tags[i] as string).length > MAX_AMONG) return null;
    return { t: 'among', selector, complete, bare, attributed, tags: tags as string[] };
  }
  if (value.t === 'listening') return { t: 'listening' };
  // Whole numbers in range by operators alone: Number.isInteger is the page's to replace.
  if (value.t === 'sync')
    return typeof value.n === 'number' && value.n > 0 && value.n <= MAX_SYNC && value.n % 1 === 0 ? { t: 'sync', n: value.n } : null;
  if (value.t === 'closed-focus') {
    const { at, field } = value;
    // Compared, not looked up: the lists' `includes` is the page's to replace.
    const isField = field === '' || field === 'password' || field === 'sms-code' || field === 'cert-password' || field === 'card';
    // An event's timeStamp: milliseconds since the document began, a finite number not below zero.
    const isTime = typeof at === 'number' && at >= 0 && at < Infinity;
    return isField && isTime ? { t: 'closed-focus', at, field } : null;
  }
  if (value.t !== 'profile' || !isRecord(value.profile)) return null;
  const profile = { __proto__: null } as unknown as Record<string, string[]>;
  for (let i = 0; i < PROFILE_KEYS.length; i++) {
    const key = PROFILE_KEYS[i]!;
    const list = value.profile[key];
    if (!isProfileList(list)) return null;
    profile[key] = list;
  }
  // A literal defines its keys (no setter on Object.prototype runs); the profile needs its null prototype for reads.
  return { t: 'profile', profile: profile as unknown as PageProfile };
}
