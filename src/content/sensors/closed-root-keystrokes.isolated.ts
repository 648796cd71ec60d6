/**
 * Keystrokes in secret fields inside closed shadow roots the MAIN world has no hold of. The keylogger
 * sensor (keylogger.main.ts) knows which foreign listeners wait for keys, but at the window a keystroke's
 * path stops at the outermost closed root's host, and a root the parser made never passed its
 * attachShadow hook. This world can look inside (isolated/closed-roots.ts): when the focused element in
 * there is a secret field, it tells the MAIN world which keystroke, by the event's timeStamp, and what
 * secret. The MAIN world then judges the listeners that keystroke reached. A value never leaves.
 */
import { KEY_EVENT_TYPES, type KeyEventType } from '../../shared/page-protocol.ts';
import { SECRET_FIELDS, secretKind } from '../../shared/secret-fields.ts';
import { focusedInsideClosed } from '../isolated/closed-roots.ts';
import { isIn } from '../isolated/controls.ts';
import type { IsolatedSensor } from '../isolated/sensor.ts';

export const closedRootKeystrokesSensor: IsolatedSensor = {
  id: 'closed-root-keystrokes',
  install(context) {
    // Any site's secret fields at once; the shop's own (its SMS code, its certificate password) once the profile is known.
    let secrets = SECRET_FIELDS;
    void context.controls().then((controls) => {
      if (controls.sensitive) secrets = `${SECRET_FIELDS},${controls.sensitive}`;
    });
    context.onEvent(
      KEY_EVENT_TYPES,
      (event) => {
        if (!event.isTrusted) return; // a page's own key events carry no secret a person typed
        const start = event.composedPath()[0];
        const field = start instanceof Element ? focusedInsideClosed(start) : null;
        if (!field || !isIn(field, secrets)) return;
        context.sendToMain({
          t: 'closed-keystroke',
          type: event.type as KeyEventType,
          at: event.timeStamp,
          field: secretKind(
            (name) => field.getAttribute(name),
            (pattern, text) => pattern.test(text),
          ),
        });
      },
      true,
    );
  },
};
