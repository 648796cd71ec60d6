/**
 * Request bodies as the page-requests sensor reads them (src/content/main/request-body.ts): every form
 * the page can hand a body over in, read from Saq's own copy, bounded, and with the page's replacements
 * of the stream, decoder and brand-check built-ins not consulted. And fetch's arguments made into one
 * Request (request-in-place.ts) with the page's getters and Proxy traps run exactly as fetch runs them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import {
  bodyObjectKind,
  COUNT_LIMIT,
  readBodyObject,
  readRequestBody,
  sizeOf,
  STREAM_WAIT_MS,
  TEXT_LIMIT,
} from '../../../src/content/main/request-body.ts';
import { requestInPlace } from '../../../src/content/main/request-in-place.ts';
import type { Args } from '../../../src/content/main/patch.ts';

const CART = 'https://kazcoins.nationalbank.kz/api/cart/items';

const read = (start: (done: (text: string, bytes: number) => void) => void): Promise<{ text: string; bytes: number }> =>
  new Promise((resolve) => start((text, bytes) => resolve({ text, bytes })));

/** A stream that never ends: 1,000 bytes of `x` per pull, counting what was pulled. */
function endless(): { stream: ReadableStream<Uint8Array>; pulled: () => number } {
  let pulled = 0;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      pulled += 1000;
      controller.enqueue(new Uint8Array(1000).fill(120));
    },
  });
  return { stream, pulled: () => pulled };
}

const restore: Array<() => void> = [];
/** Page code's replacement of a built-in, undone after the test. */
function replace(target: object, key: PropertyKey, descriptor: PropertyDescriptor): void {
  const before = Object.getOwnPropertyDescriptor(target, key);
  Object.defineProperty(target, key, { configurable: true, ...descriptor });
  restore.unshift(() => (before ? Object.defineProperty(target, key, before) : Reflect.deleteProperty(target, key)));
}
afterEach(() => {
  for (const undo of restore.splice(0)) undo();
});

describe('sizeOf and bodyObjectKind', () => {
  it('tell the platform bodies by their brand, not by what an object claims', () => {
    expect(sizeOf('qty=5')).toBe(5);
    expect(sizeOf(new Blob(['abc']))).toBe(3);
    expect(sizeOf(new ArrayBuffer(7))).toBe(7);
    expect(sizeOf(new Uint16Array(4))).toBe(8);
    expect(sizeOf(new DataView(new ArrayBuffer(9)))).toBe(9);
    expect(sizeOf({ size: 5, byteLength: 5 })).toBe(0);
    expect(sizeOf(null)).toBe(0);

    for (const body of [
      new Blob(['x']),
      new ArrayBuffer(1),
      new Uint8Array(1),
      new DataView(new ArrayBuffer(1)),
      new FormData(),
      new URLSearchParams(),
    ])
      expect(bodyObjectKind(body)).toBe('body');
    expect(bodyObjectKind(new ReadableStream())).toBe('stream');
    // Look-alikes are none of them: the browser turns them into text. (A Proxy of a real Blob is one too in
    // a browser, whose brand checks are native; Node's Blob checks a symbol key, which the Proxy forwards.)
    expect(bodyObjectKind({ size: 1, [Symbol.toStringTag]: 'Blob' })).toBe('other');
    expect(bodyObjectKind(Object.create(URLSearchParams.prototype) as object)).toBe('other');
  });

  it('still tell them when the page replaced the getters and methods they look like', () => {
    replace(Blob.prototype, 'size', { get: () => 0 });
    replace(FormData.prototype, 'has', { value: () => false });
    replace(ArrayBuffer, 'isView', { value: () => false });
    expect(sizeOf(new Blob(['abcd']))).toBe(4);
    expect(bodyObjectKind(new FormData())).toBe('body');
    expect(bodyObjectKind(new Uint8Array(2))).toBe('body');
  });
});

describe('readBodyObject', () => {
  it('reads the text of every kind of body the browser sends as it is', async () => {
    expect(await read((done) => readBodyObject(new URLSearchParams({ productId: 'p-102', qty: '50' }), done))).toEqual({
      text: 'productId=p-102&qty=50',
      bytes: 22,
    });
    const form = new FormData();
    form.append('qty', '50');
    const multipart = await read((done) => readBodyObject(form, done));
    expect(multipart.text).toMatch(/name="qty"\r\n\r\n50\r\n/);
    expect(await read((done) => readBodyObject(new Blob(['{"qty":50}']), done))).toEqual({ text: '{"qty":50}', bytes: 10 });
    expect(await read((done) => readBodyObject(new TextEncoder().encode('qty=7'), done))).toEqual({ text: 'qty=7', bytes: 5 });
  });

  it('decodes the first TEXT_LIMIT bytes and counts up to COUNT_LIMIT of a large body', async () => {
    const large = await read((done) => readBodyObject(new Blob(['y'.repeat(COUNT_LIMIT * 3)]), done));
    expect(large.text).toBe('y'.repeat(TEXT_LIMIT));
    expect(large.bytes).toBe(COUNT_LIMIT);
    const small = await read((done) => readBodyObject(new Blob(['z'.repeat(TEXT_LIMIT + 10)]), done));
    expect(small).toEqual({ text: 'z'.repeat(TEXT_LIMIT), bytes: TEXT_LIMIT + 10 });
  });

  it('lets no failure of the report escape as a rejection the page would see (unhandledrejection)', async () => {
    const rejections: unknown[] = [];
    const note = (reason: unknown): void => void rejections.push(reason);
    process.on('unhandledRejection', note);
    try {
      let calls = 0;
      const failing = (): void => {
        calls += 1;
        throw new Error('the report failed');
      };
      readBodyObject(new URLSearchParams({ qty: '50' }), failing);
      readRequestBody(new Request(CART, { method: 'POST', body: 'qty=50' }), failing);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(calls).toBe(2);
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', note);
    }
  });

  it('reads with the natives it captured, not the page’s replacements', async () => {
    replace(ReadableStream.prototype, 'pipeTo', { value: () => Promise.resolve() });
    replace(TransformStream.prototype, 'readable', { get: () => new Response('qty=0').body });
    replace(TransformStream.prototype, 'writable', { get: () => new WritableStream() });
    replace(TransformStreamDefaultController.prototype, 'enqueue', { value: () => {} });
    replace(Response.prototype, 'text', { value: () => Promise.resolve('qty=0') });
    replace(Response.prototype, 'body', { get: () => null });
    // (Not the reader's methods or the typed arrays' byteLength: Node's own stream and fetch code calls them,
    // where a browser's are native.)
    expect(await read((done) => readBodyObject(new URLSearchParams({ qty: '50' }), done))).toEqual({ text: 'qty=50', bytes: 6 });
  });
});

describe('readRequestBody', () => {
  it('reads a clone, leaving the request its body', async () => {
    const request = new Request(CART, { method: 'POST', body: JSON.stringify({ qty: 50 }) });
    expect(await read((done) => expect(readRequestBody(request, done)).toBe(true))).toEqual({ text: '{"qty":50}', bytes: 10 });
    expect(request.bodyUsed).toBe(false);
    expect(await request.text()).toBe('{"qty":50}');
  });

  it('answers false at once for a request with no body', () => {
    let called = false;
    expect(readRequestBody(new Request(CART), () => (called = true))).toBe(false);
    expect(readRequestBody(new Request(CART, { method: 'HEAD' }), () => (called = true))).toBe(false);
    expect(called).toBe(false);
  });

  it('keeps the text read before a streamed body errors', async () => {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const stream = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const request = new Request(CART, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    const result = read((done) => readRequestBody(request, done));
    controller.enqueue(new TextEncoder().encode('qty=50&'));
    await new Promise((resolve) => setTimeout(resolve, 10));
    controller.error(new Error('the page broke its upload'));
    expect(await result).toEqual({ text: 'qty=50&', bytes: 7 });
  });

  it('reports a streamed body that never closes with what came, once STREAM_WAIT_MS have passed', async () => {
    let controller!: ReadableStreamDefaultController<Uint8Array>;
    const stream = new ReadableStream<Uint8Array>({ start: (c) => void (controller = c) });
    const request = new Request(CART, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    const started = Date.now();
    const result = read((done) => readRequestBody(request, done));
    controller.enqueue(new TextEncoder().encode('c=sid%3Ds3ss10n'));
    expect(await result).toEqual({ text: 'c=sid%3Ds3ss10n', bytes: 15 });
    expect(Date.now() - started).toBeGreaterThanOrEqual(STREAM_WAIT_MS - 50);
    // The upload's own branch is still open: the page's bytes keep going.
    controller.enqueue(new TextEncoder().encode('&more'));
    const reader = request.body!.getReader();
    let got = '';
    while (!got.includes('more')) got += new TextDecoder().decode((await reader.read()).value);
    expect(got).toBe('c=sid%3Ds3ss10n&more');
    await reader.cancel();
  });

  it('gives up a streamed body after COUNT_LIMIT bytes and leaves the upload its own branch', async () => {
    const { stream, pulled } = endless();
    const request = new Request(CART, { method: 'POST', body: stream, duplex: 'half' } as RequestInit);
    const result = await read((done) => readRequestBody(request, done));
    expect(result.bytes).toBe(COUNT_LIMIT);
    expect(result.text).toBe('x'.repeat(TEXT_LIMIT));
    // Saq's branch stopped: the source is pulled only as far as the upload's branch buffers.
    const atStop = pulled();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(pulled()).toBeLessThanOrEqual(atStop + 2000);
    // The request's own branch still gives everything, past where Saq stopped.
    const reader = request.body!.getReader();
    let got = 0;
    while (got < COUNT_LIMIT * 2) got += (await reader.read()).value!.byteLength;
    await reader.cancel();
    expect(got).toBeGreaterThanOrEqual(COUNT_LIMIT * 2);
  });
});

describe('requestInPlace', () => {
  /** The page's init: getters that count their reads (a Proxy logs its traps too). */
  function countingInit(): { init: RequestInit; reads: string[] } {
    const reads: string[] = [];
    const init = {
      get method() {
        reads.push('method');
        return 'POST';
      },
      get body() {
        reads.push('body');
        return 'qty=50';
      },
    };
    return { init: init as RequestInit, reads };
  }

  it('makes fetch(input, init) into fetch(request): the page’s getters run once, in the browser’s order', async () => {
    const native = countingInit();
    void new Request(CART, native.init);
    const page = countingInit();
    const args = [CART, page.init] as unknown as Args;
    const request = requestInPlace(args, Request)!;
    expect(args[0]).toBe(request);
    expect(args[1]).toBeUndefined();
    expect(request.method).toBe('POST');
    expect(await request.clone().text()).toBe('qty=50');
    // What fetch now does with the arguments reads nothing of the page's.
    void new Request(args[0] as Request, args[1] as undefined);
    expect(page.reads).toEqual(native.reads);
  });

  it('runs a Proxy init’s traps exactly as the native construction does', () => {
    const traps = (log: string[]): RequestInit =>
      new Proxy(
        { method: 'POST', body: 'qty=50' },
        {
          get(target, key, receiver) {
            log.push(`get ${String(key)}`);
            return Reflect.get(target, key, receiver) as unknown;
          },
        },
      ) as RequestInit;
    const nativeLog: string[] = [];
    void new Request(CART, traps(nativeLog));
    const pageLog: string[] = [];
    const args = [CART, traps(pageLog)] as unknown as Args;
    requestInPlace(args, Request);
    void new Request(args[0] as Request, args[1] as undefined);
    expect(pageLog).toEqual(nativeLog);
    expect(pageLog.length).toBeGreaterThan(0);
  });

  it('when the construction throws, leaves fetch an init that throws the same value, without rerunning page code', () => {
    const thrown = new Error('the page’s own');
    let reads = 0;
    const init = {
      get body(): string {
        reads += 1;
        throw thrown;
      },
    };
    const args = [CART, init] as unknown as Args;
    expect(requestInPlace(args, Request)).toBeNull();
    expect(args[0]).toBe(CART);
    expect(() => new Request(args[0] as string, args[1] as RequestInit)).toThrow(thrown);
    expect(reads).toBe(1);
    // A URL the browser refuses: fetch rejects with the construction's own TypeError.
    const bad = ['http://exa mple.com:99999/', { method: 'POST' }] as unknown as Args;
    expect(requestInPlace(bad, Request)).toBeNull();
    let native: unknown;
    try {
      new Request(bad[0] as string, bad[1] as RequestInit);
    } catch (error) {
      native = error;
    }
    expect(native).toBeInstanceOf(TypeError);
    expect(String(native)).toMatch(/URL/i);
    // With no init there is nothing of the page's to rerun: the arguments stay as they were.
    const lone = ['http://exa mple.com:99999/'] as unknown as Args;
    expect(requestInPlace(lone, Request)).toBeNull();
    expect(lone.length).toBe(1);
  });
});
