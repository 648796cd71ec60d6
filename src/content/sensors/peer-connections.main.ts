/**
 * WebRTC as a way out of the shop page. A peer connection sends to its ICE servers (STUN; TURN, which takes
 * a username and relays the data) and to the remote peer's candidate addresses, over UDP or TCP — none of
 * it a request the other hooks, webRequest, the shop's CSP or the network timeline see. Card skimmers
 * exfiltrate exactly so (2026: a data channel to a peer hard-coded in the script, UDP 3479).
 *
 * Each endpoint a connection is given is reported once, as a page request `via: 'webrtc'`, method CONNECT,
 * to `turn:host:port` or `udp://address:port` (main/ice-endpoints.ts), with the actor of the call that gave
 * it; every send on one of its data channels is reported too (method SEND, its bytes, a text's start for
 * the secrets check), to the remote peer if there is one, else the first server, else UNKNOWN_PEER. The shop's and its
 * providers' connections are theirs (no report). The rules find both foreign: a peer address is never one
 * of the profile's web origins.
 *
 * Endpoints are read from what the browser holds — getConfiguration() after the constructor and
 * setConfiguration, remoteDescription once setRemoteDescription or addIceCandidate settles (a trickled
 * candidate is added to it) — never from the page's arguments, whose getters could show Saq one address
 * and the browser another.
 */
import type { Attributed } from '../main/attribution.ts';
import { candidateEndpoints, MAX_ENDPOINTS, serverEndpoints } from '../main/ice-endpoints.ts';
import { listen, whenSettled } from '../main/natives.ts';
import type { Args } from '../main/patch.ts';
import { sizeOf } from '../main/request-body.ts';
import { requestReporter } from '../main/request-report.ts';
import { append, safeList, SafeSet, SafeWeakMap } from '../main/safe-collections.ts';
import { isPageSide, type MainSensor } from '../main/sensor.ts';
import { getterOf, globalPrototype, uncurryThis } from '../main/strings.ts';

// Captured at document_start; null where the browser has no WebRTC (Firefox with media.peerconnection.enabled off).
const peerPrototype = globalPrototype('RTCPeerConnection') as RTCPeerConnection | null;
const getConfiguration = peerPrototype && uncurryThis(peerPrototype.getConfiguration);
const remoteDescription = getterOf<RTCSessionDescription | null>(peerPrototype, 'remoteDescription');
const descriptionSdp = getterOf<string>(globalPrototype('RTCSessionDescription'), 'sdp');
const eventChannel = getterOf<RTCDataChannel>(globalPrototype('RTCDataChannelEvent'), 'channel');

/** What Saq knows of one connection. */
interface Connection {
  /** Endpoints it was given (at most MAX_ENDPOINTS). */
  seen: SafeSet<string>;
  /** Where its data channels' data goes, as far as Saq can tell: the first remote candidate, else the first server. */
  to: string;
  toPeer: boolean;
  /** The connection itself: a send before its remote endpoints were read reads them then. */
  pc: object;
}
/**
 * Where a send goes when the connection holds no address Saq can read: a peer known to the browser only
 * from its connectivity checks (peer-reflexive), its candidates never signalled or refused. The data still
 * leaves, so the send is still reported: to a host that cannot exist (`.invalid`, RFC 2606), which the rules
 * find foreign as they do any peer.
 */
export const UNKNOWN_PEER = 'udp://unknown-peer.invalid';
// Module-wide, not per realm: a connection made in a frame can be driven with the top window's methods.
const connections = new SafeWeakMap<object, Connection>();
const channels = new SafeWeakMap<object, Connection>();

function connectionOf(pc: object): Connection {
  let connection = connections.get(pc);
  if (!connection) connections.set(pc, (connection = { seen: new SafeSet(), to: '', toPeer: false, pc }));
  return connection;
}

export const peerConnectionsSensor: MainSensor = {
  id: 'peer-connections',
  install(context, realm) {
    const proto = (realm as unknown as { RTCPeerConnection?: { prototype: object } }).RTCPeerConnection?.prototype;
    if (!getConfiguration || !remoteDescription || !descriptionSdp || !proto) return;
    const { patcher, attribution, site } = context;
    const send = requestReporter(context);

    /** Reports the endpoints `read` finds that `pc` had not been given yet, as given by `who`. */
    const given = (pc: object, who: Attributed, read: (out: (endpoint: string) => void) => void, peer: boolean): void => {
      const connection = connectionOf(pc);
      if (connection.seen.size >= MAX_ENDPOINTS) return;
      const fresh = safeList<string>();
      read((endpoint) => {
        if (connection.seen.size >= MAX_ENDPOINTS || connection.seen.has(endpoint)) return;
        connection.seen.add(endpoint);
        if (connection.to === '' || (peer && !connection.toPeer)) {
          connection.to = endpoint;
          connection.toPeer = peer;
        }
        append(fresh, endpoint);
      });
      if (fresh.length > 0)
        site.whenKnown(() => {
          if (isPageSide(who.actor, site)) return;
          for (let i = 0; i < fresh.length; i++) send('webrtc', fresh[i]!, 'CONNECT', 0, who);
        });
    };

    const servers = (pc: object): void => {
      const config = getConfiguration(pc as RTCPeerConnection);
      if (config.iceServers && config.iceServers.length > 0)
        given(pc, attribution.attribute(), (out) => serverEndpoints(config, out), false);
    };
    patcher.globalConstructor(
      realm,
      'RTCPeerConnection',
      () => undefined,
      ['webkitRTCPeerConnection'],
      (pc) => {
        servers(pc);
        // Channels the remote peer opens: the browser's events only (`isTrusted` is the event's own unforgeable
        // property), and a throw here would reach the page's error handlers.
        if (eventChannel)
          listen(
            pc as EventTarget,
            'datachannel',
            (event) => {
              try {
                if (event.isTrusted) channels.set(eventChannel(event), connectionOf(pc));
              } catch {
                // Not a channel event.
              }
            },
            { signal: context.signal },
          );
      },
    );
    patcher.method(proto, 'setConfiguration', undefined, (self) => servers(self as object));

    /** The remote peer's candidates in the description the browser holds now, as given by `who`. */
    const readRemote = (pc: object, who: Attributed): void => {
      const description = remoteDescription(pc);
      if (description) given(pc, who, (out) => candidateEndpoints(descriptionSdp(description), out), true);
    };
    // The actor is named during the call; the remote description is read once the browser has applied it.
    const remote = (self: unknown, _args: Args, result: unknown, who: unknown): void => {
      whenSettled(result as Promise<void>, () => readRemote(self as object, who as Attributed));
    };
    const caller = (): Attributed => attribution.attribute();
    patcher.method(proto, 'setRemoteDescription', caller, remote);
    patcher.method(proto, 'addIceCandidate', caller, remote);

    patcher.method(proto, 'createDataChannel', undefined, (self, _args, channel) =>
      channels.set(channel as object, connectionOf(self as object)),
    );
    const channelProto = (realm as unknown as { RTCDataChannel?: { prototype: object } }).RTCDataChannel?.prototype;
    // After the call: a channel not open yet throws, and nothing was sent.
    if (channelProto)
      patcher.method(channelProto, 'send', undefined, (self, args) => {
        const connection = channels.get(self as object);
        if (!connection) return;
        const who = attribution.attribute();
        if (isPageSide(who.actor, site)) return;
        // The channel can open before the promise of the call that gave the peer's address settles (or on a
        // peer-reflexive address, before it is given): what the browser holds now is read.
        if (connection.to === '') readRemote(connection.pc, who);
        const data = args[0];
        send(
          'webrtc',
          connection.to === '' ? UNKNOWN_PEER : connection.to,
          'SEND',
          sizeOf(data),
          who,
          typeof data === 'string' ? data : '',
        );
      });
  },
};
