/**
 * Test-only feed simulator: throwaway keys, builders for roots, pointers and rules blobs signed by
 * any keys we like (including wrong ones), an in-memory mirror exposed as an injected `fetch`, an
 * in-memory storage and a settable clock. Never imported by src/.
 */
import { signEnvelope } from '../../../src/shared/feed/dsse.ts';
import type { Signer } from '../../../src/shared/feed/dsse.ts';
import { hexEncode, sha256Hex, utf8Encode } from '../../../src/shared/feed/encoding.ts';
import { publicKeyFromSeed } from '../../../src/shared/feed/ed25519.ts';
import { formatFeedDate } from '../../../src/shared/feed/dates.ts';
import { PAYLOAD_TYPES } from '../../../src/shared/feed/payload.ts';
import type { RoleName } from '../../../src/shared/feed/payload.ts';
import { rulesPath } from '../../../src/shared/feed/pointer.ts';
import { createFeedClient } from '../../../src/shared/feed/refresh.ts';
import type { FeedClient, FeedClientOptions } from '../../../src/shared/feed/refresh.ts';
import type { FeedStorage, StoredFeedState } from '../../../src/shared/feed/state.ts';
import type { JsonObject } from '../../../src/shared/feed/strict-json.ts';

export const FEED_ID = 'kz.nbk.saq:prod';
export const DAY = 24 * 60 * 60 * 1000;
export const NOW = Date.UTC(2026, 0, 10, 12, 0, 0);
export const iso = (ms: number): string => formatFeedDate(ms);

export interface TestKey {
  seed: Uint8Array;
  pub: Uint8Array;
  pubHex: string;
  keyid: string;
}

let keyCounter = 0;
/** Deterministic per label, so failures are reproducible; a counter keeps unnamed keys distinct. */
export async function makeKey(label = `k${keyCounter++}`): Promise<TestKey> {
  const seed = new Uint8Array(await crypto.subtle.digest('SHA-256', utf8Encode(`saq-test-key:${label}`)));
  const pub = publicKeyFromSeed(seed);
  return { seed, pub, pubHex: hexEncode(pub), keyid: await sha256Hex(pub) };
}

export const signer = (k: TestKey, keyid?: string): Signer => (keyid === undefined ? { seed: k.seed } : { seed: k.seed, keyid });

export interface RoleSpec {
  keys: TestKey[];
  threshold: number;
}

export interface RootSpec {
  version: number;
  root: RoleSpec;
  timestamp: RoleSpec;
  rules: RoleSpec;
  issued?: number;
  expires?: number;
  feedId?: string;
}

export function rootPayload(spec: RootSpec): JsonObject {
  const keys: JsonObject = {};
  const role = (r: RoleSpec): JsonObject => {
    for (const k of r.keys) keys[k.keyid] = { keytype: 'ed25519', public: k.pubHex };
    return { keyids: r.keys.map((k) => k.keyid), threshold: r.threshold };
  };
  const roles = { root: role(spec.root), timestamp: role(spec.timestamp), rules: role(spec.rules) };
  return {
    _type: 'root',
    feed_id: spec.feedId ?? FEED_ID,
    version: spec.version,
    issued: iso(spec.issued ?? NOW - DAY),
    expires: iso(spec.expires ?? NOW + 365 * DAY),
    keys,
    roles,
  };
}

/** Sign a payload given as an object (serialised with JSON.stringify) or as raw text. */
export async function signDoc(
  role: RoleName,
  payload: JsonObject | string,
  signers: Signer[],
  payloadType = PAYLOAD_TYPES[role],
): Promise<Uint8Array> {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return signEnvelope(payloadType, utf8Encode(text), signers);
}

export interface RulesOpts {
  version: number;
  body?: JsonObject;
  issued?: number;
  expires?: number;
  schema?: number;
  minClient?: string;
  feedId?: string;
  extra?: JsonObject;
}

export function rulesPayload(o: RulesOpts): JsonObject {
  const p: JsonObject = {
    _type: 'rules',
    feed_id: o.feedId ?? FEED_ID,
    version: o.version,
    issued: iso(o.issued ?? NOW - DAY),
    expires: iso(o.expires ?? NOW + 30 * DAY),
    schema: o.schema ?? 1,
    body: o.body ?? { rules: [{ id: `r${o.version}`, kind: 'block' }] },
    ...o.extra,
  };
  if (o.minClient !== undefined) p.min_client = o.minClient;
  return p;
}

export interface PointerOpts {
  version: number;
  rules: { version: number; bytes: Uint8Array };
  issued?: number;
  expires?: number;
  feedId?: string;
  minIntervalS?: number;
  /** Override what the pointer claims about the blob (mix-and-match tests). */
  length?: number;
  sha256?: string;
}

export async function pointerPayload(o: PointerOpts): Promise<JsonObject> {
  const sha = o.sha256 ?? (await sha256Hex(o.rules.bytes));
  const p: JsonObject = {
    _type: 'timestamp',
    feed_id: o.feedId ?? FEED_ID,
    version: o.version,
    issued: iso(o.issued ?? NOW - 60_000),
    expires: iso(o.expires ?? NOW + 7 * DAY),
    rules: { version: o.rules.version, length: o.length ?? o.rules.bytes.length, sha256: sha, path: rulesPath(o.rules.version, sha) },
  };
  if (o.minIntervalS !== undefined) p.min_interval_s = o.minIntervalS;
  return p;
}

// ---------------------------------------------------------------------------------------------
// Fake mirror

export interface MirrorFile {
  status: number;
  body: Uint8Array;
  headers?: Record<string, string>;
}

export class FakeMirror {
  readonly files = new Map<string, MirrorFile>();
  readonly requests: { url: string; init: RequestInit }[] = [];
  constructor(readonly base = 'https://mirror-a.test/feed/') {}

  put(path: string, body: Uint8Array, headers: Record<string, string> = {}, status = 200): void {
    this.files.set(path, { status, body, headers });
  }

  /** A `fetch` that serves this mirror (and 404 elsewhere), honouring If-None-Match/ETag. */
  readonly fetch = async (url: string, init: RequestInit): Promise<Response> => {
    this.requests.push({ url, init });
    if (!url.startsWith(this.base)) return new Response('not found', { status: 404 });
    const file = this.files.get(url.slice(this.base.length));
    if (!file) return new Response('not found', { status: 404 });
    const ifNoneMatch = new Headers(init.headers).get('if-none-match');
    const etag = file.headers?.etag;
    if (ifNoneMatch && etag && ifNoneMatch === etag) return new Response(null, { status: 304, headers: file.headers });
    return new Response(file.status === 204 || file.status === 304 ? null : new Uint8Array(file.body), {
      status: file.status,
      headers: file.headers,
    });
  };

  paths(): string[] {
    return this.requests.map((r) => r.url.slice(this.base.length));
  }
}

/** Serve several mirrors through one injected fetch. */
export function multiFetch(...mirrors: FakeMirror[]): FeedClientOptions<unknown>['fetch'] {
  return (url, init) => (mirrors.find((m) => url.startsWith(m.base)) ?? mirrors[0]!).fetch(url, init);
}

export class MemoryStorage implements FeedStorage {
  value: StoredFeedState | undefined;
  writes = 0;
  failWrites = false;
  async get(): Promise<StoredFeedState | undefined> {
    return this.value === undefined ? undefined : structuredClone(this.value);
  }
  async set(state: StoredFeedState): Promise<void> {
    if (this.failWrites) throw new Error('QUOTA_BYTES quota exceeded');
    this.writes++;
    this.value = structuredClone(state);
  }
  snapshot(): string {
    return JSON.stringify(this.value ?? null);
  }
}

// ---------------------------------------------------------------------------------------------
// A whole feed: keys, a publisher that writes to the mirror, and a client wired to both

export interface Compiled {
  body: JsonObject;
  version: number;
}
export const compileTest = (body: JsonObject, info: { version: number }): Compiled => ({ body, version: info.version });

export class TestFeed {
  clock = NOW;
  readonly mirror: FakeMirror;
  readonly storage = new MemoryStorage();
  rootSpec!: RootSpec;
  rootSigners: TestKey[] = [];
  bundled!: { root: Uint8Array; pointer: Uint8Array; rules: Uint8Array };
  readonly rulesBlobs = new Map<number, Uint8Array>();
  etagCounter = 0;

  private constructor(
    readonly keys: { root: TestKey[]; timestamp: TestKey[]; rules: TestKey[] },
    mirror?: FakeMirror,
  ) {
    this.mirror = mirror ?? new FakeMirror();
  }

  /** Root v1 (2-of-3 root keys, 1 timestamp key, 1 rules key), rules v1 (`body`), pointer v1; bundled. */
  static async create(label = 'feed', mirror?: FakeMirror, body?: JsonObject): Promise<TestFeed> {
    const keys = {
      root: [await makeKey(`${label}-root-a`), await makeKey(`${label}-root-b`), await makeKey(`${label}-root-c`)],
      timestamp: [await makeKey(`${label}-ts`)],
      rules: [await makeKey(`${label}-rules`)],
    };
    const f = new TestFeed(keys, mirror);
    f.rootSpec = {
      version: 1,
      root: { keys: keys.root, threshold: 2 },
      timestamp: { keys: keys.timestamp, threshold: 1 },
      rules: { keys: keys.rules, threshold: 1 },
    };
    f.rootSigners = keys.root.slice(0, 2);
    const root = await signDoc(
      'root',
      rootPayload(f.rootSpec),
      f.rootSigners.map((k) => signer(k)),
    );
    f.mirror.put('root/1.root.json', root);
    const rules = await f.publishRules(body === undefined ? { version: 1 } : { version: 1, body });
    const pointer = await f.publishPointer({ version: 1, rules: { version: 1, bytes: rules } });
    f.bundled = { root, pointer, rules };
    return f;
  }

  async signRules(o: RulesOpts, signers = this.keys.rules): Promise<Uint8Array> {
    return signDoc(
      'rules',
      rulesPayload(o),
      signers.map((k) => signer(k)),
    );
  }

  /** Sign and put a rules blob at its content-addressed path. */
  async publishRules(o: RulesOpts, signers = this.keys.rules): Promise<Uint8Array> {
    const bytes = await this.signRules(o, signers);
    this.rulesBlobs.set(o.version, bytes);
    this.mirror.put(rulesPath(o.version, await sha256Hex(bytes)), bytes);
    return bytes;
  }

  async signPointer(o: PointerOpts, signers = this.keys.timestamp): Promise<Uint8Array> {
    return signDoc(
      'timestamp',
      await pointerPayload(o),
      signers.map((k) => signer(k)),
    );
  }

  async publishPointer(o: PointerOpts, signers = this.keys.timestamp): Promise<Uint8Array> {
    const bytes = await this.signPointer(o, signers);
    this.putPointer(bytes);
    return bytes;
  }

  putPointer(bytes: Uint8Array): void {
    this.mirror.put('timestamp.json', bytes, { etag: `"e${++this.etagCounter}"`, 'content-type': 'application/json' });
  }

  /** Publish rules v and a pointer v naming it: the normal release. */
  async release(version: number, rules: Partial<RulesOpts> = {}, pointer: Partial<PointerOpts> = {}): Promise<Uint8Array> {
    const bytes = await this.publishRules({ version, ...rules });
    await this.publishPointer({ version, rules: { version, bytes }, ...pointer });
    return bytes;
  }

  /** Publish root N+1 with the given spec, signed by the given keys (default: old and new thresholds). */
  async rotateRoot(spec: Partial<RootSpec>, signers?: TestKey[]): Promise<Uint8Array> {
    const next: RootSpec = { ...this.rootSpec, ...spec, version: spec.version ?? this.rootSpec.version + 1 };
    const by = signers ?? unique([...this.rootSigners, ...next.root.keys.slice(0, next.root.threshold)]);
    const bytes = await signDoc(
      'root',
      rootPayload(next),
      by.map((k) => signer(k)),
    );
    this.mirror.put(`root/${this.rootSpec.version + 1}.root.json`, bytes);
    this.rootSpec = next;
    this.rootSigners = next.root.keys.slice(0, next.root.threshold);
    return bytes;
  }

  client(over: Partial<FeedClientOptions<Compiled>> = {}): FeedClient<Compiled> {
    return createFeedClient<Compiled>({
      fetch: this.mirror.fetch,
      storage: this.storage,
      now: () => this.clock,
      mirrors: [this.mirror.base],
      feedId: FEED_ID,
      bundled: this.bundled,
      compile: compileTest,
      clientVersion: '1.0.0',
      random: () => 0.5,
      ...over,
    });
  }
}

export function unique<T>(xs: T[]): T[] {
  return [...new Set(xs)];
}

/** Flip one byte of a document's payload while keeping the signatures untouched. */
export function tamperPayload(envelopeBytes: Uint8Array, mutate: (payload: string) => string): Uint8Array {
  const env = JSON.parse(new TextDecoder().decode(envelopeBytes)) as { payload: string };
  const payload = new TextDecoder().decode(Uint8Array.from(atob(env.payload), (c) => c.charCodeAt(0)));
  env.payload = btoa(String.fromCharCode(...utf8Encode(mutate(payload))));
  return utf8Encode(JSON.stringify(env));
}

/** Rewrite the envelope JSON (signatures etc.) as an object. */
export function editEnvelope(
  envelopeBytes: Uint8Array,
  edit: (env: { payloadType: string; payload: string; signatures: { keyid: string; sig: string }[] }) => unknown,
): Uint8Array {
  const env = JSON.parse(new TextDecoder().decode(envelopeBytes)) as {
    payloadType: string;
    payload: string;
    signatures: { keyid: string; sig: string }[];
  };
  return utf8Encode(JSON.stringify(edit(env) ?? env));
}
