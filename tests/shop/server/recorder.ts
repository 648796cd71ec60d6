// Reads each request body once and records the request, so tests can assert on what left the
// browser (exfiltration, cart bursts, beacons) regardless of which host received it.
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { LIMITS } from '../config.ts';

export interface RecordedRequest {
  host: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  /** Body as UTF-8 text, cut at LIMITS.recordedBodyBytes. */
  body: string;
  /** Date.now() when the request headers arrived. */
  at: number;
}

/** Bodies beyond this are not read at all (the replica never needs more). */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

export function flattenHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}

export function recordOf(host: string, req: IncomingMessage, path: string, body: Buffer, at: number): RecordedRequest {
  return {
    host,
    method: req.method ?? 'GET',
    path,
    headers: flattenHeaders(req.headers),
    body: body.subarray(0, LIMITS.recordedBodyBytes).toString('utf8'),
    at,
  };
}
