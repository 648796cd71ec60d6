/**
 * One HTTP GET with the feed's transport rules: no cookies, no redirects, no cache reuse, a
 * deadline for the whole exchange, and a byte cap counted on DECODED bytes as they stream (so
 * neither a lying Content-Length, an endless body nor a gzip bomb can exhaust memory).
 */
import { FeedError } from './errors.ts';
import { concatBytes } from './encoding.ts';

export const DEFAULT_DEADLINE_MS = 20_000;

/** The part of `fetch` we use; injected so the same code runs in the extension, CLI and tests. */
export type FetchLike = (url: string, init: RequestInit) => Promise<Response>;

export type FetchOutcome =
  | { kind: 'ok'; bytes: Uint8Array; etag: string | null; date: string | null }
  | { kind: 'not-modified'; date: string | null }
  | { kind: 'not-found' };

export interface FetchOptions {
  cap: number;
  deadlineMs: number;
  /** Sent as If-None-Match; a 304 is only meaningful when we sent one. */
  etag?: string | null;
  /** 404 is an answer (end of the root chain), not an error. */
  allowNotFound?: boolean;
}

export async function fetchCapped(fetchFn: FetchLike, url: string, opts: FetchOptions): Promise<FetchOutcome> {
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  // A rejecting promise raced against every await: fakes (and some browsers) do not end a body
  // stream on abort, so we cannot rely on the signal alone.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort();
      reject(new FeedError('TIMEOUT', `no complete response within ${opts.deadlineMs} ms`, url));
    }, opts.deadlineMs);
  });
  deadline.catch(() => undefined); // handled via race; avoid an unhandled rejection when unused
  try {
    const headers: Record<string, string> = {};
    if (opts.etag) headers['If-None-Match'] = opts.etag;
    let res: Response;
    try {
      res = await Promise.race([
        fetchFn(url, { method: 'GET', credentials: 'omit', redirect: 'error', cache: 'no-cache', headers, signal: controller.signal }),
        deadline,
      ]);
    } catch (e) {
      throw classifyFetchError(e, url);
    }
    if (res.type === 'opaqueredirect' || res.redirected) throw new FeedError('REDIRECT', 'redirects are not followed', url);
    if (res.status === 304 && opts.etag) return { kind: 'not-modified', date: res.headers.get('date') };
    if (res.status === 404 && opts.allowNotFound) return { kind: 'not-found' };
    if (res.status >= 300 && res.status < 400) throw new FeedError('REDIRECT', `HTTP ${res.status}`, url);
    if (res.status !== 200) throw new FeedError('HTTP_STATUS', `HTTP ${res.status}`, url);
    const declared = res.headers.get('content-length');
    // Content-Length is only a cheap early refusal for identity encoding; the stream count decides.
    if (declared !== null && !res.headers.get('content-encoding') && Number(declared) > opts.cap) {
      throw new FeedError('TOO_LARGE', `declared ${declared} bytes, cap ${opts.cap}`, url);
    }
    const bytes = await readCapped(res, opts.cap, deadline, url);
    return { kind: 'ok', bytes, etag: res.headers.get('etag'), date: res.headers.get('date') };
  } finally {
    clearTimeout(timer);
    controller.abort(); // release the connection whatever happened
  }
}

async function readCapped(res: Response, cap: number, deadline: Promise<never>, url: string): Promise<Uint8Array> {
  if (!res.body) return new Uint8Array(0);
  const reader = res.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      let step: ReadableStreamReadResult<Uint8Array>;
      try {
        step = await Promise.race([reader.read(), deadline]);
      } catch (e) {
        throw classifyFetchError(e, url);
      }
      if (step.done) break;
      total += step.value.length;
      if (total > cap) throw new FeedError('TOO_LARGE', `body exceeds cap of ${cap} bytes`, url);
      chunks.push(step.value);
    }
  } catch (e) {
    reader.cancel().catch(() => undefined);
    throw e;
  }
  return concatBytes(...chunks);
}

function classifyFetchError(e: unknown, url: string): FeedError {
  if (e instanceof FeedError) return e;
  const text = e instanceof Error ? `${e.message} ${String((e as { cause?: unknown }).cause ?? '')}` : String(e);
  if (/redirect/i.test(text)) return new FeedError('REDIRECT', 'redirect refused', url);
  if (e instanceof Error && e.name === 'AbortError') return new FeedError('TIMEOUT', 'aborted', url);
  return new FeedError('NETWORK', text.trim(), url);
}
