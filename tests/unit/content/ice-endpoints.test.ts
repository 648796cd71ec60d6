/**
 * Where a WebRTC connection sends, as the peer-connections sensor reads it (src/content/main/ice-endpoints.ts):
 * candidate addresses out of a session description, ICE server URLs out of a configuration, both bounded.
 */
import { describe, expect, it } from 'vitest';
import { candidateEndpoints, MAX_ENDPOINTS, serverEndpoints } from '../../../src/content/main/ice-endpoints.ts';

const collect = (read: (out: (endpoint: string) => void) => void): string[] => {
  const found: string[] = [];
  read((endpoint) => found.push(endpoint));
  return found;
};

const ANSWER = [
  'v=0',
  'o=- 1 2 IN IP4 127.0.0.1',
  's=-',
  'm=application 9 UDP/DTLS/SCTP webrtc-datachannel',
  'c=IN IP4 0.0.0.0',
  'a=candidate:1 1 udp 2122260223 203.0.113.7 3479 typ host generation 0',
  'a=candidate:2 1 UDP 1686052607 198.51.100.9 50000 typ srflx raddr 0.0.0.0 rport 0',
  'a=candidate:3 1 tcp 1518280447 2001:db8::1 9 typ host tcptype active',
  'a=candidate:4 1 udp 2122262783 3f2a6c1e-8d1b-4c8e-9a1d-0c2b7f1e5a90.local 53124 typ host',
  'a=ice-ufrag:abcd',
  'a=candidatex:5 1 udp 1 192.0.2.1 1 typ host',
  'a=candidate:6 1 udp 1 not/an/address 1 typ host',
  '',
].join('\r\n');

describe('candidateEndpoints', () => {
  it('writes each candidate as transport://address:port (IPv6 in brackets, mDNS names kept)', () => {
    expect(collect((out) => candidateEndpoints(ANSWER, out))).toEqual([
      'udp://203.0.113.7:3479',
      'udp://198.51.100.9:50000',
      'tcp://[2001:db8::1]:9',
      'udp://3f2a6c1e-8d1b-4c8e-9a1d-0c2b7f1e5a90.local:53124',
    ]);
  });

  it('finds nothing in a description without candidates, and starts over on every call', () => {
    expect(collect((out) => candidateEndpoints('v=0\r\na=ice-ufrag:x\r\n', out))).toEqual([]);
    expect(collect((out) => candidateEndpoints(ANSWER, out))).toHaveLength(4);
    expect(collect((out) => candidateEndpoints(ANSWER, out))).toHaveLength(4);
  });

  it(`stops at ${MAX_ENDPOINTS} candidates however many the description holds`, () => {
    const many = Array.from({ length: 500 }, (_, i) => `a=candidate:${i} 1 udp 1 10.0.${i >> 8}.${i & 255} 3479 typ host`).join('\r\n');
    expect(collect((out) => candidateEndpoints(many, out))).toHaveLength(MAX_ENDPOINTS);
  });
});

describe('serverEndpoints', () => {
  it('lists every server URL, whether `urls` is one string or a list', () => {
    const config: RTCConfiguration = {
      iceServers: [
        { urls: 'stun:stun.example.net:19302' },
        {
          urls: ['turn:relay.helper-bot.example:3478?transport=udp', 'turns:relay.helper-bot.example:5349'],
          username: 'u',
          credential: 'c',
        },
      ],
    };
    expect(collect((out) => serverEndpoints(config, out))).toEqual([
      'stun:stun.example.net:19302',
      'turn:relay.helper-bot.example:3478?transport=udp',
      'turns:relay.helper-bot.example:5349',
    ]);
  });

  it(`finds nothing without servers and stops at ${MAX_ENDPOINTS}`, () => {
    expect(collect((out) => serverEndpoints({}, out))).toEqual([]);
    const urls = Array.from({ length: 40 }, (_, i) => `stun:s${i}.example:3478`);
    expect(collect((out) => serverEndpoints({ iceServers: [{ urls }, { urls: 'stun:last.example' }] }, out))).toHaveLength(MAX_ENDPOINTS);
  });
});
