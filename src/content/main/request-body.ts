/**
 * The start of a request body, read from Saq's own copy of it, for the quantity a cart request asks for
 * and the size the report states. The page hands bodies over in many forms — text, URLSearchParams,
 * FormData, a Blob, bytes, a stream, or a fetch init whose `body` is a getter — and only text could be
 * read before: a helper that posted `new URLSearchParams({ qty: 50 })` hid the quantity from the sensor.
 *
 * Nothing here runs page code. Platform objects are recognised by captured brand checks (a getter or
 * method that throws for anything else); their bytes are read through a Response Saq makes from them
 * (which copies them, running no script) or, for fetch, a clone of the Request Saq made from the page's
 * arguments (request-in-place.ts). The stream is read with captured reader methods and given up after
 * COUNT_LIMIT bytes: Saq's branch of a streamed upload is cancelled, the upload goes on at its own pace.
 *
 * Pure of the DOM (Fetch, Streams, Blob, FormData and TextDecoder are in Node too):
 * tests/unit/content/request-body.test.ts.
 */
import { whenSettled } from './settled.ts';
import { getterOf, uncurryThis } from './strings.ts';

/** Bytes decoded into the text a quantity is looked for in (the first few fields of a form or JSON body). */
export const TEXT_LIMIT = 4096;
/** Bytes counted for the report's `bytes`; a larger body is reported as this many. */
export const COUNT_LIMIT = 65_536;

type Done = (text: string, bytes: number) => void;
type Reader = ReadableStreamDefaultReader<Uint8Array>;

const NativeResponse = Response;
const NativeUint8Array = Uint8Array;
/** Firefox has no Request.prototype.body (its requests cannot stream): the clone is read as a Blob there. */
const requestBody = getterOf<ReadableStream<Uint8Array> | null>(Request.prototype, 'body');
const responseBody = getterOf<ReadableStream<Uint8Array> | null>(Response.prototype, 'body')!;
const requestClone = uncurryThis(Request.prototype.clone);
const requestBlob = uncurryThis(Request.prototype.blob);
const requestMethod = getterOf<string>(Request.prototype, 'method')!;
const getReader = uncurryThis(ReadableStream.prototype.getReader as (this: ReadableStream<Uint8Array>) => Reader);
const readerRead = uncurryThis(ReadableStreamDefaultReader.prototype.read as Reader['read']);
const readerCancel = uncurryThis(ReadableStreamDefaultReader.prototype.cancel as Reader['cancel']);
const typedArray = Object.getPrototypeOf(NativeUint8Array.prototype) as object;
const viewBuffer = getterOf<ArrayBufferLike>(typedArray, 'buffer')!;
const viewOffset = getterOf<number>(typedArray, 'byteOffset')!;
const viewLength = getterOf<number>(typedArray, 'byteLength')!;
const decoder = new TextDecoder();
const decode = uncurryThis(TextDecoder.prototype.decode as (this: TextDecoder, input: Uint8Array, options: { stream: boolean }) => string);

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

/** Reads `stream` chunk by chunk until it ends or COUNT_LIMIT bytes have come, then cancels the rest. */
function readStream(stream: ReadableStream<Uint8Array>, done: Done): void {
  let reader: Reader;
  try {
    reader = getReader(stream);
  } catch {
    deliver(done, '', 0); // locked or not a stream: nothing Saq can read
    return;
  }
  let text = '';
  let bytes = 0;
  const finish = (): void => {
    if (bytes >= COUNT_LIMIT) whenSettled(readerCancel(reader), noop);
    deliver(done, text, bytes);
  };
  const next = (): void => {
    const waiting = whenSettled(
      readerRead(reader),
      (step) => {
        if (step.done) return finish();
        try {
          const chunk = step.value;
          const length = viewLength(chunk);
          if (bytes < TEXT_LIMIT) {
            const take = length < TEXT_LIMIT - bytes ? length : TEXT_LIMIT - bytes;
            text += decode(decoder, new NativeUint8Array(viewBuffer(chunk), viewOffset(chunk), take), { stream: true });
          }
          bytes += length;
        } catch {
          bytes = COUNT_LIMIT; // not bytes: the browser will fail the request itself; stop reading
        }
        if (bytes >= COUNT_LIMIT) {
          bytes = COUNT_LIMIT;
          return finish();
        }
        next();
      },
      finish,
    );
    if (!waiting) finish(); // no reaction could be set: deliver what was read
  };
  next();
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
    if (
      !whenSettled(
        requestBlob(requestClone(request)),
        (blob) => readBodyObject(blob, done),
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
