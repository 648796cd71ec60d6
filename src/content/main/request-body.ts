/**
 * The start of a request body, read from Saq's own copy of it, for the quantity a cart request asks for
 * and the size the report states. The page hands bodies over in many forms — text, URLSearchParams,
 * FormData, a Blob, bytes, a stream, or a fetch init whose `body` is a getter — and only text could be
 * read before: a helper that posted `new URLSearchParams({ qty: 50 })` hid the quantity from the sensor.
 *
 * Nothing here runs page code. Platform objects are recognised by captured brand checks (a getter or
 * method that throws for anything else); their bytes are read through a Response Saq makes from them
 * (which copies them, running no script) or, for fetch, a clone of the Request Saq made from the page's
 * arguments (request-in-place.ts). The stream is piped through a TransformStream of Saq's that keeps the
 * first TEXT_LIMIT bytes and gives up after COUNT_LIMIT, or after STREAM_WAIT_MS (Saq's branch of a streamed
 * upload is cancelled, the upload goes on at its own pace), into a Response read with `text()`.
 *
 * Why not a reader: `read()` resolves its promise with a `{ value, done }` object, and resolving a promise
 * with an object looks up its `then` — on the page's `Object.prototype`. A page that put a `then` there was
 * handed every chunk to replace (a cart request's quantity read as 1) or to hold back for good (the report
 * waiting for the body never left). A pipe moves chunks inside the engine, and `text()` resolves with a
 * string, whose `then` nobody looks up. Firefox, whose requests have no `body`, reads the clone's `text()`.
 *
 * Pure of the DOM (Fetch, Streams, Blob, FormData and TextEncoder are in Node too):
 * tests/unit/content/request-body.test.ts.
 */
import { bare } from './descriptors.ts';
import { whenSettled } from './settled.ts';
import { getterOf, uncurryThis } from './strings.ts';

/** Bytes decoded into the text a quantity is looked for in (the first few fields of a form or JSON body). */
export const TEXT_LIMIT = 4096;
/** Bytes counted for the report's `bytes`; a larger body is reported as this many. */
export const COUNT_LIMIT = 65_536;
/**
 * A streamed body still open this long after the request was made is reported with what came so far. A
 * stream that never closes (an upload streamed over HTTP/2 in Chromium) otherwise kept the request from
 * being reported at all, while its bytes left as they came. Bodies the browser holds whole end at once.
 */
export const STREAM_WAIT_MS = 1000;

type Done = (text: string, bytes: number) => void;
type Controller = TransformStreamDefaultController<Uint8Array>;

const NativeResponse = Response;
const NativeUint8Array = Uint8Array;
/** Firefox has no Request.prototype.body (its requests cannot stream): the clone is read with `text()` there. */
const requestBody = getterOf<ReadableStream<Uint8Array> | null>(Request.prototype, 'body');
const responseBody = getterOf<ReadableStream<Uint8Array> | null>(Response.prototype, 'body')!;
const requestClone = uncurryThis(Request.prototype.clone);
const requestText = uncurryThis(Request.prototype.text);
const responseText = uncurryThis(Response.prototype.text);
const requestMethod = getterOf<string>(Request.prototype, 'method')!;
const NativeTransformStream = TransformStream;
const transformReadable = getterOf<ReadableStream<Uint8Array>>(TransformStream.prototype, 'readable')!;
const transformWritable = getterOf<WritableStream<Uint8Array>>(TransformStream.prototype, 'writable')!;
const pipeTo = uncurryThis(
  ReadableStream.prototype.pipeTo as (
    this: ReadableStream<Uint8Array>,
    to: WritableStream<Uint8Array>,
    options: StreamPipeOptions,
  ) => Promise<void>,
);
const enqueue = uncurryThis(TransformStreamDefaultController.prototype.enqueue as (this: Controller, chunk: Uint8Array) => void);
const terminate = uncurryThis(TransformStreamDefaultController.prototype.terminate as (this: Controller) => void);
// A timer the page cannot clear (content/timer.ts says why); captured here, where no DOM is needed.
const signalTimeout = AbortSignal.timeout;
const addListener = uncurryThis(
  EventTarget.prototype.addEventListener as (this: EventTarget, type: string, fn: () => void, options: AddEventListenerOptions) => void,
);
const encodeText = TextEncoder.prototype.encode.bind(new TextEncoder()) as (text: string) => Uint8Array;
const sliceText = uncurryThis(String.prototype.slice);
const typedArray = Object.getPrototypeOf(NativeUint8Array.prototype) as object;
const viewBuffer = getterOf<ArrayBufferLike>(typedArray, 'buffer')!;
const viewOffset = getterOf<number>(typedArray, 'byteOffset')!;
const viewLength = getterOf<number>(typedArray, 'byteLength')!;

// Brand checks: each throws for anything but its own kind, whatever the object claims about itself.
const blobSize = getterOf<number>(Blob.prototype, 'size')!;
const bufferLength = getterOf<number>(ArrayBuffer.prototype, 'byteLength')!;
const isView = ArrayBuffer.isView;
const formDataHas = uncurryThis(FormData.prototype.has);
const paramsHas = uncurryThis(URLSearchParams.prototype.has);
const streamLocked = getterOf<boolean>(ReadableStream.prototype, 'locked')!;

const dataViewLength = getterOf<number>(DataView.prototype, 'byteLength')!;

/** The size of a body the browser sends as it is (text, a Blob, bytes), or 0, read with the captured getters. */
export function sizeOf(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (typeof value !== 'object' || value === null) return 0;
  const sizes = [blobSize, bufferLength, viewLength, dataViewLength];
  for (let i = 0; i < sizes.length; i++)
    try {
      return sizes[i]!(value);
    } catch {
      // Not that kind.
    }
  return 0;
}

function passes(check: () => unknown): boolean {
  try {
    check();
    return true;
  } catch {
    return false;
  }
}

/**
 * What a body argument that is an object is to the browser: `body` — a Blob, bytes, FormData or
 * URLSearchParams, which the browser sends as they are; `stream` — a ReadableStream (fetch and sendBeacon
 * take one as it is, XHR turns it into text); `other` — anything else, which the browser turns into text
 * with the object's own toString (or, for XHR, a Document it serialises: the caller tells those apart).
 */
export function bodyObjectKind(value: object): 'body' | 'stream' | 'other' {
  if (isView(value) || passes(() => blobSize(value)) || passes(() => bufferLength(value))) return 'body';
  if (passes(() => formDataHas(value as FormData, '')) || passes(() => paramsHas(value as URLSearchParams, ''))) return 'body';
  return passes(() => streamLocked(value)) ? 'stream' : 'other';
}

/**
 * `done`, which must not throw out of a promise reaction: a rejection nobody handles is an
 * `unhandledrejection` event the page would see.
 */
function deliver(done: Done, text: string, bytes: number): void {
  try {
    done(text, bytes);
  } catch {
    // The report failed; the page must not notice.
  }
}

/**
 * Reads `stream` until it ends or COUNT_LIMIT bytes have come (then cancels the rest): the first TEXT_LIMIT
 * bytes as text, and how many bytes came. Nothing resolves with an object on the way (see above).
 */
function readStream(stream: ReadableStream<Uint8Array>, done: Done): void {
  let bytes = 0;
  let kept = 0;
  let control: Controller | null = null;
  /** Ends the text where it is: at COUNT_LIMIT, or when the pipe failed (a source that errored or was locked). */
  const stop = (): void => {
    try {
      if (control) terminate(control);
    } catch {
      // Already ended.
    }
  };
  // Prototype-less: the engine reads `start`, `transform`, `flush`, `cancel` and the types off it by [[Get]].
  const limiter = new NativeTransformStream<Uint8Array, Uint8Array>(
    bare({
      start(controller: Controller): void {
        control = controller;
      },
      transform(chunk: Uint8Array, controller: Controller): void {
        try {
          const length = viewLength(chunk);
          if (kept < TEXT_LIMIT) {
            const take = length < TEXT_LIMIT - kept ? length : TEXT_LIMIT - kept;
            enqueue(controller, new NativeUint8Array(viewBuffer(chunk), viewOffset(chunk), take));
            kept += take;
          }
          bytes += length;
        } catch {
          bytes = COUNT_LIMIT; // not bytes: the browser will fail the request itself; stop reading
        }
        if (bytes >= COUNT_LIMIT) {
          bytes = COUNT_LIMIT;
          stop();
        }
      },
    }),
  );
  // Still open by then: the text so far is delivered (the stop cancels Saq's branch only, as at COUNT_LIMIT).
  addListener(signalTimeout(STREAM_WAIT_MS), 'abort', stop, bare({ once: true }));
  try {
    // Its promise rejects once the limiter stops early (the source is cancelled then), or when the source is
    // locked or errors: the text read so far is then all there is. `preventAbort`: a source's error must
    // not error the limiter too, which would throw that text away.
    if (!whenSettled(pipeTo(stream, transformWritable(limiter), bare({ preventAbort: true })), noop, stop)) return deliver(done, '', 0);
  } catch {
    return deliver(done, '', 0); // locked or not a stream: nothing Saq can read
  }
  if (
    !whenSettled(
      responseText(new NativeResponse(transformReadable(limiter))),
      (text) => deliver(done, text, bytes),
      () => deliver(done, '', bytes),
    )
  )
    deliver(done, '', bytes);
}

function noop(): void {}

/**
 * The body of a Request Saq made (request-in-place.ts): read from a clone, so the Request the page's fetch
 * sends keeps its own. Returns false, calling nothing, when the request has no body (a GET, a HEAD).
 */
export function readRequestBody(request: Request, done: Done): boolean {
  try {
    if (requestBody) {
      if (requestBody(request) === null) return false;
      const copy = requestClone(request);
      readStream(requestBody(copy)!, done);
      return true;
    }
    const method = requestMethod(request);
    if (method === 'GET' || method === 'HEAD') return false;
    // Firefox's request bodies are whole in memory (they cannot stream): read as text, then cut. `bytes` counts
    // that text's UTF-8 (exact for text bodies; a byte that is no UTF-8 counts as the 3 of U+FFFD's).
    if (
      !whenSettled(
        requestText(requestClone(request)),
        (text) => {
          const counted = text.length > COUNT_LIMIT ? COUNT_LIMIT : encodeText(text).length;
          deliver(done, sliceText(text, 0, TEXT_LIMIT), counted > COUNT_LIMIT ? COUNT_LIMIT : counted);
        },
        () => deliver(done, '', 0),
      )
    )
      deliver(done, '', 0);
    return true;
  } catch {
    return false; // its body was already used: the browser will refuse the request
  }
}

/** A body object bodyObjectKind called `body`: its bytes as a Response made from it holds them. */
export function readBodyObject(body: object, done: Done): void {
  try {
    readStream(responseBody(new NativeResponse(body as BodyInit))!, done);
  } catch {
    deliver(done, '', 0);
  }
}
