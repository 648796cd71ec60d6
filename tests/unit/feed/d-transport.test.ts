import { afterEach, describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import { TestFeed } from './fixtures.ts';
import { expectAccepted, expectRejected } from './helpers.ts';
import { countingFetch, startServer } from './local-server.ts';
import type { LocalServer } from './local-server.ts';
import { MAX_DELAY_MS, MIN_DELAY_MS, clampMinIntervalMs, nextDelayMs, scheduleDelayMs } from '../../../src/shared/feed/backoff.ts';

let server: LocalServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function served(over: { deadlineMs?: number; counter?: { bytes: number } } = {}) {
  const feed = await TestFeed.create('net');
  await feed.release(2);
  server = await startServer(feed.mirror);
  const client = feed.client({
    fetch: over.counter ? countingFetch(over.counter) : (url, init) => fetch(url, init),
    mirrors: [server.base],
    deadlineMs: over.deadlineMs ?? 5_000,
  });
  await expectAccepted(client, 2);
  await feed.release(3);
  return { feed, client, server };
}

describe('D. transport and resource exhaustion (real local HTTP server)', () => {
  it('#27 endless body without Content-Length; lying Content-Length', async () => {
    const counter = { bytes: 0 };
    const { feed, client, server: s } = await served({ counter });
    const chunk = Buffer.alloc(4096, 0x20);
    s.faults.set('timestamp.json', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const pump = (): void => {
        while (res.write(chunk));
        res.once('drain', pump);
      };
      pump();
      res.on('close', () => res.removeAllListeners('drain'));
    });
    counter.bytes = 0;
    await expectRejected(feed, client, 'TOO_LARGE');
    expect(counter.bytes).toBeLessThan(8 * 1024 + 256 * 1024); // cap + stream read-ahead, not "forever"
    s.faults.set('timestamp.json', (_req, res) => {
      res.writeHead(200, { 'content-length': '20' });
      res.end(Buffer.alloc(9000, 0x20));
    });
    const out = await client.refresh();
    expect(out.ok).toBe(false); // undici refuses the mismatch, or our cap does
    expect(feed.storage.writes).toBe(1);
  });

  it('#28 rules length mismatch vs pointer (short or long)', async () => {
    const { feed, client } = await served();
    const blob = feed.rulesBlobs.get(3)!;
    const path = [...feed.mirror.files.keys()].find((p) => p.startsWith('rules/3.'))!;
    feed.mirror.put(path, blob.slice(0, -1));
    await expectRejected(feed, client, 'LENGTH_MISMATCH');
    feed.mirror.put(path, new Uint8Array([...blob, 0x20]));
    await expectRejected(feed, client, 'LENGTH_MISMATCH');
  });

  it('#29 gzip bomb: the cap counts decoded bytes', async () => {
    const counter = { bytes: 0 };
    const { feed, client, server: s } = await served({ counter });
    const bomb = gzipSync(Buffer.alloc(32 * 1024 * 1024)); // ~32 KB on the wire
    s.faults.set('timestamp.json', (_req, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(bomb.length) });
      res.end(bomb);
    });
    counter.bytes = 0;
    await expectRejected(feed, client, 'TOO_LARGE');
    expect(counter.bytes).toBeLessThan(4 * 1024 * 1024);
  });

  it('#30 slow retrieval: headers then stall ⇒ deadline', async () => {
    const { feed, client, server: s } = await served({ deadlineMs: 300 });
    s.faults.set('timestamp.json', (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{');
    });
    // The server never finishes: only the deadline can end this refresh (else the test times out).
    await expectRejected(feed, client, 'TIMEOUT');
    expect(client.nextRefreshDelayMs()).toBeGreaterThanOrEqual(MIN_DELAY_MS / 2);
  });

  it('#31 redirect to another origin / http downgrade is refused', async () => {
    const { feed, client, server: s } = await served();
    s.faults.set('timestamp.json', (_req, res) => res.writeHead(302, { location: 'http://evil.invalid/timestamp.json' }).end());
    await expectRejected(feed, client, 'REDIRECT');
    expect(feed.mirror.requests.length).toBe(0);
  });

  it.each([
    ['404', 404, 'not found', 'HTTP_STATUS'],
    ['500', 500, 'boom', 'HTTP_STATUS'],
    ['empty 200', 200, '', 'BAD_JSON'],
    ['HTML captive portal 200', 200, '<html><body>Login to Wi-Fi</body></html>', 'BAD_JSON'],
  ] as const)('#32 %s is rejected cleanly and classified', async (_n, status, body, code) => {
    const { feed, client, server: s } = await served();
    s.faults.set('timestamp.json', (_req, res) => res.writeHead(status, { 'content-type': 'text/html' }).end(body));
    await expectRejected(feed, client, code);
    expect(client.status()).toMatchObject({ state: 'error', failures: 1 });
    expect(client.status().lastCheck).not.toBeNull();
  });

  it('#33 backoff with jitter, signed min_interval_s clamped, failures counted', async () => {
    expect(nextDelayMs(1, () => 0)).toBe(MIN_DELAY_MS / 2);
    expect(nextDelayMs(1, () => 0.999999)).toBeLessThanOrEqual(MIN_DELAY_MS);
    expect(nextDelayMs(2, () => 0.5)).toBe(0.75 * 2 * MIN_DELAY_MS);
    expect(nextDelayMs(20, () => 0.999999)).toBeLessThanOrEqual(MAX_DELAY_MS);
    expect(nextDelayMs(20, () => 0)).toBe(MAX_DELAY_MS / 2);
    expect(clampMinIntervalMs(1)).toBe(MIN_DELAY_MS);
    expect(clampMinIntervalMs(10 ** 9)).toBe(MAX_DELAY_MS);
    expect(scheduleDelayMs(1, 12 * 3600, () => 0)).toBe(12 * 3600_000);
    // N failures against a dead mirror: total wait grows geometrically (no herd)
    const waits = Array.from({ length: 8 }, (_, i) => nextDelayMs(i + 1, () => 0.5));
    expect(waits.every((w, i) => i === 0 || w >= waits[i - 1]!)).toBe(true);
    const feed = await TestFeed.create('mi');
    await feed.publishPointer({ version: 2, rules: { version: 1, bytes: feed.rulesBlobs.get(1)! }, minIntervalS: 12 * 3600 });
    const client = feed.client();
    await expectAccepted(client, 1);
    expect(client.nextRefreshDelayMs()).toBe(12 * 3600_000);
    feed.mirror.files.clear();
    feed.mirror.put('root/2.root.json', new Uint8Array(), {}, 503);
    await client.refresh();
    await client.refresh();
    expect(client.status()).toMatchObject({ failures: 2, state: 'error' });
    expect(client.nextRefreshDelayMs()).toBe(12 * 3600_000); // max(backoff 22.5 min, signed 12 h)
  });
});
