/**
 * Reads of secrets by code that is not the shop's: cookies, localStorage / sessionStorage (the getter
 * every way of reading them starts with), and the value of password, SMS-code, certificate-password and
 * card fields. Each is reported once per actor and target; the time of the last read is kept so that
 * the request sensor can say how soon the same actor sent something out.
 *
 * A read made while one of the shop's own scripts runs (`document.currentScript` is a parser-inserted
 * or first-party script) is the shop's: no stack capture on that hot path.
 * Not seen: `new FormData(form)` and reads from other worlds (their requests still reach webRequest).
 */
import { currentScript, dateNow, scriptSrc } from '../main/natives.ts';
import { SafeSet } from '../main/safe-collections.ts';
import { actorKey, isPageSide, type MainSensor } from '../main/sensor.ts';

const reported = new SafeSet<string>();

export const secretReadsSensor: MainSensor = {
  id: 'secret-reads',
  install(context, realm) {
    const { patcher, attribution, site } = context;

    function read(target: string): void {
      const running = currentScript(realm.document);
      if (running && !attribution.inlineScripts.has(running) && site.originOf(scriptSrc(running) || context.pageOrigin) !== 'foreign')
        return;
      const who = attribution.attribute();
      if (isPageSide(who.actor, site)) return;
      const key = actorKey(who.actor);
      context.secretReads.set(key, dateNow());
      if (reported.has(key + target)) return;
      reported.add(key + target);
      context.report('sensitive-read', who, { target });
    }

    patcher.accessor(realm.Document.prototype, 'cookie', () => read('cookie'));
    patcher.accessor(realm, 'localStorage', () => read('localStorage'));
    patcher.accessor(realm, 'sessionStorage', () => read('sessionStorage'));
    patcher.accessor(realm.HTMLInputElement.prototype, 'value', (self) => {
      const kind = site.fieldKind(self);
      if (kind) read(kind);
    });
  },
};
