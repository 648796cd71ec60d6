/**
 * Reads of secrets by code that is not the shop's: cookies, localStorage / sessionStorage (the getter
 * every way of reading them starts with), and the value of password, SMS-code, certificate-password and
 * card fields. Each is reported once per actor and target — a cookie again when the value read is new (the
 * shop renewed its session in between), up to MAX_COOKIE_VALUES times: the ISOLATED world reads the page's
 * secrets on each report, and a value the page held only between two renewals is known to it only so. The
 * time of the last read is kept so that the request sensor can say how soon the same actor sent something out.
 *
 * A read made while one of the shop's own scripts runs (`document.currentScript` is a parser-inserted
 * or first-party script) is the shop's: no stack capture on that hot path.
 * Not seen: `new FormData(form)` and reads from other worlds (their requests still reach webRequest).
 */
import { currentScript, dateNow, scriptSrc } from '../main/natives.ts';
import { SafeMap, SafeSet } from '../main/safe-collections.ts';
import { actorKey, isPageSide, type MainSensor } from '../main/sensor.ts';

const reported = new SafeSet<string>();
/** Per actor: the cookie value it last read, and how many values were reported (a page churning its cookies is bounded). */
const cookieValues = new SafeMap<string, { value: unknown; count: number }>();
const MAX_COOKIE_VALUES = 32;
/** Readers whose cookie values are kept; any more are reported once, as other secrets are. */
const MAX_COOKIE_READERS = 256;

export const secretReadsSensor: MainSensor = {
  id: 'secret-reads',
  install(context, realm) {
    const { patcher, attribution, site } = context;

    function read(target: string, value?: unknown): void {
      const running = currentScript(realm.document);
      if (running && !attribution.inlineScripts.has(running) && site.originOf(scriptSrc(running) || context.pageOrigin) !== 'foreign')
        return;
      const who = attribution.attribute();
      if (isPageSide(who.actor, site)) return;
      const key = actorKey(who.actor);
      context.secretReads.set(key, dateNow());
      const last = target === 'cookie' ? cookieValues.get(key) : undefined;
      if (last || (target === 'cookie' && cookieValues.size < MAX_COOKIE_READERS)) {
        if (last && (last.value === value || last.count >= MAX_COOKIE_VALUES)) return;
        cookieValues.set(key, { value, count: (last?.count ?? 0) + 1 });
      } else {
        if (reported.has(key + target)) return;
        reported.add(key + target);
      }
      context.report('sensitive-read', who, { target });
    }

    patcher.accessor(realm.Document.prototype, 'cookie', (_self, value) => read('cookie', value));
    patcher.accessor(realm, 'localStorage', () => read('localStorage'));
    patcher.accessor(realm, 'sessionStorage', () => read('sessionStorage'));
    patcher.accessor(realm.HTMLInputElement.prototype, 'value', (self) => {
      const kind = site.fieldKind(self);
      if (kind) read(kind);
    });
  },
};
