import { afterEach, describe, expect, it } from 'vitest';
import { acceptChannel, type MainWorldLink } from '../../../src/content/isolated/channel.ts';
import { ASK_MARKER, DOCUMENT_FIELD, HELLO_MARKER } from '../../../src/shared/page-protocol.ts';

/**
 * The ISOLATED world's end of the handshake against a window stand-in: window messages are dispatched in
 * the order they were posted, a task each, with the window as their source and the shop as their origin —
 * what the browsers do for messages a document posts to itself. (That Saq's own ends do this in real
 * browsers is tests/e2e's job: every e2e test opens the channel, and hostile/channel.ts spoofs it.)
 */
const SHOP = 'https://kazcoins.nationalbank.kz';
const THIS_DOCUMENT = performance.timeOrigin;
/** The document the frame showed before (Firefox may run its MAIN world late, into this one's window). */
const EARLIER_DOCUMENT = THIS_DOCUMENT - 400;

class WindowMessage extends Event {
  constructor(
    readonly data: unknown,
    readonly source: unknown,
    readonly ports: readonly MessagePort[],
    readonly origin = SHOP,
  ) {
    super('message');
  }
}

interface Page {
  /** Everything posted to the window, in order (the ISOLATED world's probe and asks too). */
  posted: unknown[];
  forgeries: string[];
  opened: number;
  /** The MAIN world's side of the port the ISOLATED world took, with what it was told on it. */
  heard: Map<MessagePort, unknown[]>;
  /** Posts a hello as a MAIN world (or page code) would, and keeps the port's other end. */
  /** `document` null: the hello names none. */
  hello(mark: unknown, document?: number | null, withPort?: boolean): void;
  settle(): Promise<void>;
  /** What the ISOLATED world delivered to its sensors, in order. */
  delivered: unknown[];
  link?: MainWorldLink;
}

let open: { abort: AbortController; ports: MessagePort[] }[] = [];

afterEach(() => {
  for (const { abort, ports } of open) {
    abort.abort();
    for (const port of ports) port.close();
  }
  open = [];
});

function page(): Page & { start(): void } {
  const target = new EventTarget();
  const self: Page & { start(): void } = {
    posted: [],
    forgeries: [],
    opened: 0,
    heard: new Map(),
    hello(mark, document = THIS_DOCUMENT, withPort = true) {
      const data: Record<string, unknown> = { [HELLO_MARKER]: mark };
      if (document !== null) data[DOCUMENT_FIELD] = document;
      if (!withPort) return post(data, []);
      const { port1, port2 } = new MessageChannel();
      const heard: unknown[] = [];
      self.heard.set(port1, heard);
      port1.onmessage = (event) => heard.push(event.data);
      entry.ports.push(port1, port2);
      post(data, [port2]);
    },
    // Until nothing new came for 60 ms (at most 2 s): a fixed 20 ms was too short for a port's message on a
    // loaded machine (CI, with the unit files run three at a time on two cores).
    settle: async () => {
      const seen = (): number =>
        self.posted.length +
        self.delivered.length +
        self.forgeries.length +
        self.opened +
        [...self.heard.values()].reduce((n, h) => n + h.length, 0);
      for (let waited = 0, quiet = 0, last = -1; quiet < 3 && waited < 2_000; waited += 20) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        const now = seen();
        quiet = now === last ? quiet + 1 : 0;
        last = now;
      }
    },
    delivered: [],
    start() {
      self.link = acceptChannel(
        entry.abort.signal,
        (message) => void self.delivered.push(message),
        (what) => self.forgeries.push(what),
        () => self.opened++,
      );
    },
  };
  const post = (data: unknown, ports: MessagePort[]): void => {
    self.posted.push(data);
    setTimeout(() => target.dispatchEvent(new WindowMessage(structuredClone(data), fakeWindow, ports)), 0);
  };
  const fakeWindow = Object.assign(target, { origin: SHOP, postMessage: (data: unknown) => post(data, []) });
  const entry = { abort: new AbortController(), ports: [] as MessagePort[] };
  open.push(entry);
  Object.assign(globalThis, { window: fakeWindow, location: { origin: SHOP } });
  return self;
}

/** Ports the ISOLATED world answered on (it names the lane first). */
const answered = (p: Page): unknown[][] => [...p.heard.values()].filter((heard) => heard.length > 0);

describe('ISOLATED channel: whose hello it takes', () => {
  it("takes this document's hello, answers on its port, and reports a second one", async () => {
    const p = page();
    p.hello('1:0.5'); // the MAIN world ran first (document_start)
    p.start();
    await p.settle();
    expect(p.opened).toBe(1);
    expect(answered(p)).toHaveLength(1);
    expect(p.posted.some((m) => typeof m === 'object' && m !== null && ASK_MARKER in m)).toBe(false);
    p.hello('1:0.7');
    await p.settle();
    expect(p.forgeries).toEqual(['channel-hello']);
    expect(answered(p)).toHaveLength(1);
  });

  it("drops, unreported and untaken, a hello naming the document this window showed before, and takes this one's after it", async () => {
    const p = page();
    p.hello('1:0.1', EARLIER_DOCUMENT);
    p.hello('1:0.2');
    p.start();
    await p.settle();
    expect(p.forgeries).toEqual([]);
    expect(p.opened).toBe(1);
    const [taken] = answered(p);
    expect([...p.heard.values()].indexOf(taken!)).toBe(1); // the second port: this document's
  });

  it('reports a hello naming no document (page code) and never takes it, even first', async () => {
    const p = page();
    p.hello(true, null);
    p.start();
    await p.settle();
    expect(p.forgeries).toEqual(['channel-hello']);
    expect(p.opened).toBe(0);
    p.hello('1:0.3');
    await p.settle();
    expect(p.opened).toBe(1);
  });

  it("takes the hello in a document whose address has no origin of its own (Firefox's about:blank a form made)", async () => {
    const p = page();
    // The document has the shop's origin; its address, about:blank, serialises to "null".
    Object.assign(globalThis, { location: { origin: 'null' } });
    p.hello('1:0.4');
    p.start();
    await p.settle();
    expect(p.forgeries).toEqual([]);
    expect(p.opened).toBe(1);
  });

  it('reports a hello without a port', async () => {
    const p = page();
    p.hello('1:0.3');
    p.start();
    await p.settle();
    p.hello('1:0.4', THIS_DOCUMENT, false);
    await p.settle();
    expect(p.forgeries).toEqual(['channel-hello']);
  });
});

describe('ISOLATED channel: a late start', () => {
  it('asks for its own document when its probe comes back first', async () => {
    const p = page();
    p.start();
    await p.settle();
    expect(p.posted).toContainEqual({ [ASK_MARKER]: THIS_DOCUMENT });
  });

  it('lets the one answer pass that crosses its ask (it took the first offer meanwhile), and no more', async () => {
    const p = page();
    p.start();
    await p.settle(); // probe back, ask posted
    p.hello('1:0.1'); // the MAIN world's first offer, dispatched before it read the ask
    await p.settle();
    p.hello('2:0.2'); // its answer to the ask
    await p.settle();
    expect(p.forgeries).toEqual([]);
    expect(p.opened).toBe(1);
    p.hello('3:0.3');
    await p.settle();
    expect(p.forgeries).toEqual(['channel-hello']);
  });

  it('lets none pass once the hello it took was the answer itself', async () => {
    const p = page();
    p.start();
    await p.settle();
    p.hello('2:0.2');
    await p.settle();
    expect(p.opened).toBe(1);
    p.hello('3:0.3');
    await p.settle();
    expect(p.forgeries).toEqual(['channel-hello']);
  });
});

describe('ISOLATED channel: catching up with the MAIN world', () => {
  it('resolves a sync once the answer comes, behind what the MAIN world sent before it; the answer itself is not delivered', async () => {
    const p = page();
    p.hello('1:0.5');
    p.start();
    await p.settle();
    const [main] = p.heard.keys();
    // A MAIN world: its earlier batch is still to be posted when it reads the sync (a key a task later).
    main!.onmessage = (event) => {
      const message = event.data as { t: string; n?: number };
      if (message.t !== 'sync') return;
      main!.postMessage([{ t: 'hooked-insertions', keys: ['src:blob:x'] }]);
      main!.postMessage([{ t: 'synced', n: message.n }]);
    };
    let done = false;
    const caughtUp = p.link!.caughtUp().then(() => {
      done = true;
      return [...p.delivered];
    });
    expect(done).toBe(false);
    expect(await caughtUp).toEqual([{ t: 'hooked-insertions', keys: ['src:blob:x'] }]);
  });

  it('holds at most 32 syncs for a port that has not come (a flood of insertions before it)', async () => {
    const p = page();
    p.start();
    for (let i = 0; i < 100; i++) void p.link!.caughtUp();
    p.hello('1:0.5');
    await p.settle();
    const [heard] = answered(p);
    expect(heard!.filter((message) => (message as { t: string }).t === 'sync')).toHaveLength(32);
  });

  it('holds every message sent before the port came, in order (it held only the last: a sync would have replaced the profile)', async () => {
    const p = page();
    p.start();
    p.link!.send({ t: 'lane', type: 'x'.repeat(40), ask: 'y'.repeat(40), handover: '' }); // any message: held until the port comes
    void p.link!.caughtUp();
    p.hello('1:0.5');
    await p.settle();
    const [heard] = answered(p);
    expect(heard!.map((message) => (message as { t: string }).t)).toEqual(['lane', 'lane', 'sync']);
  });
});
