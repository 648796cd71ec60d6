// Minimal WebSocket endpoint for every host: exfiltration over WebSocket is in the threat model
// (docs/threat-model.md, item 6). The handshake is recorded as a GET, each text or binary
// message from the page as a `WS` request with the message as body. Nothing is sent back.
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { recordOf, type RecordedRequest } from './recorder.ts';

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** Decodes complete client frames from `buffer`; returns the payloads and the unused rest. */
export function decodeFrames(buffer: Buffer): { messages: Buffer[]; rest: Buffer; closed: boolean } {
  const messages: Buffer[] = [];
  let offset = 0;
  let closed = false;
  while (buffer.length - offset >= 2) {
    const opcode = (buffer[offset] ?? 0) & 0x0f;
    const masked = ((buffer[offset + 1] ?? 0) & 0x80) !== 0;
    let length = (buffer[offset + 1] ?? 0) & 0x7f;
    let header = 2;
    if (length === 126) {
      if (buffer.length - offset < 4) break;
      length = buffer.readUInt16BE(offset + 2);
      header = 4;
    } else if (length === 127) {
      if (buffer.length - offset < 10) break;
      length = Number(buffer.readBigUInt64BE(offset + 2));
      header = 10;
    }
    const maskBytes = masked ? 4 : 0;
    if (buffer.length - offset < header + maskBytes + length) break;
    const mask = buffer.subarray(offset + header, offset + header + maskBytes);
    const payload = Buffer.from(buffer.subarray(offset + header + maskBytes, offset + header + maskBytes + length));
    if (masked) for (let i = 0; i < payload.length; i++) payload[i] = (payload[i] ?? 0) ^ (mask[i % 4] ?? 0);
    if (opcode === 0x8) closed = true;
    // Text, binary and continuation frames carry data; pings and pongs do not matter here.
    else if (opcode <= 0x2) messages.push(payload);
    offset += header + maskBytes + length;
  }
  return { messages, rest: buffer.subarray(offset), closed };
}

export function acceptWebSocket(req: IncomingMessage, socket: Duplex, host: string, requests: RecordedRequest[]): void {
  const path = req.url ?? '/';
  requests.push(recordOf(host, req, path, Buffer.alloc(0), Date.now()));
  const key = req.headers['sec-websocket-key'];
  if (typeof key !== 'string') {
    socket.end('HTTP/1.1 400 Bad Request\r\n\r\n');
    return;
  }
  const accept = createHash('sha1')
    .update(key + WS_GUID)
    .digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    const { messages, rest, closed } = decodeFrames(Buffer.concat([pending, chunk]));
    pending = rest;
    for (const message of messages) {
      requests.push({ ...recordOf(host, req, path, message, Date.now()), method: 'WS' });
    }
    if (closed) socket.end(Buffer.from([0x88, 0x00]));
  });
  socket.on('error', () => socket.destroy());
}
