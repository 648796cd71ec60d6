/**
 * `fetch(input, init)` made into `fetch(request)`, with the Request built here from the page's own
 * arguments by the realm's Request constructor. The fetch standard starts every fetch that way (it
 * constructs a Request from input and init, then sends that), so the page sees no difference — its
 * getters on `init`, a Proxy's traps, an `input` Request's body taken over, all happen once, in the same
 * order — while Saq reads the method, URL and body the network will get. Before, Saq read `init`'s own
 * data properties only (a getter read twice would be page-visible), and `{ get method() { return 'POST' } }`
 * was reported as a GET with no body.
 *
 * When the construction throws, fetch must reject with that same value and run none of the page's code
 * again: the init handed on is one whose `body`, among the first members the browser reads, throws it.
 */
import { bare } from './descriptors.ts';
import type { Args } from './patch.ts';

type RequestConstructor = typeof Request;

const { create, defineProperty } = Object;

/** The Request now in `args[0]` (and nothing in `args[1]`), or null when the page's arguments make none. */
export function requestInPlace(args: Args, RealmRequest: RequestConstructor): Request | null {
  const slots = args as unknown as unknown[];
  let request: Request;
  try {
    request = new RealmRequest(slots[0] as RequestInfo, slots[1] as RequestInit | undefined);
  } catch (error) {
    // With no init, the native call fails alike by itself: its input is text or a Request, no page code.
    if (args.length < 2) return null;
    const failing = create(null) as object;
    defineProperty(
      failing,
      'body',
      bare({
        get() {
          throw error;
        },
      }),
    );
    slots[1] = failing;
    return null;
  }
  slots[0] = request;
  if (args.length > 1) slots[1] = undefined;
  return request;
}
