/**
 * Where the focus goes inside closed shadow roots the MAIN world has no hold of. The keylogger sensor
 * (keylogger.main.ts) knows which foreign listeners wait for keys, but at the window a keystroke's path stops
 * at the outermost closed root's host, and a root the parser made never passed its attachShadow hook. This
 * world can look inside (isolated/closed-roots.ts): when a person's focus goes into a closed root, it tells
 * the MAIN world which focus event (by its timeStamp) and what secret the focused element holds, if any. The
 * MAIN world then judges the listeners each keystroke at that host reaches. No value ever leaves.
 * Focus events, not key events: a page's flood of made-up key events then costs nothing here, and the key
 * listeners stay on the purchase controls once the profile is known (hub.ts).
 */
import { SECRET_FIELDS, secretKind } from '../../shared/secret-fields.ts';
import { focusedInsideClosed } from '../isolated/closed-roots.ts';
import { isIn } from '../isolated/controls.ts';
import type { IsolatedSensor } from '../isolated/sensor.ts';

export const closedRootFocusSensor: IsolatedSensor = {
  id: 'closed-root-focus',
  install(context) {
    // Any site's secret fields at once; the shop's own (its SMS code, its certificate password) once the profile is known.
    let secrets = SECRET_FIELDS;
    void context.controls().then((controls) => {
      if (controls.sensitive) secrets = `${SECRET_FIELDS},${controls.sensitive}`;
    });
    context.onEvent(
      ['focusin'],
      (event) => {
        if (!event.isTrusted) return; // a page's own focus events move no focus
        const start = event.composedPath()[0];
        const focused = start instanceof Element ? focusedInsideClosed(start) : null;
        if (!focused) return; // no closed root on the way: the MAIN world sees the focused element itself
        const field = isIn(focused, secrets)
          ? secretKind(
              (name) => focused.getAttribute(name),
              (pattern, text) => pattern.test(text),
            )
          : '';
        context.sendToMain({ t: 'closed-focus', at: event.timeStamp, field });
      },
      true,
    );
  },
};
