/**
 * Mutators that start from VALID documents: random inputs rarely get past the first check, while a
 * valid envelope, pointer, rule set or channel message with one or two edits reaches the deep paths.
 */
import fc from 'fast-check';

// ---------------------------------------------------------------------------------------------
// Bytes

type ByteEdit =
  | { op: 'flip'; at: number; bit: number }
  | { op: 'set'; at: number; value: number }
  | { op: 'insert'; at: number; bytes: Uint8Array }
  | { op: 'delete'; at: number; count: number }
  | { op: 'truncate'; at: number }
  | { op: 'duplicate'; at: number; count: number };

/** Characters that matter to JSON and base64, so inserted bytes often keep the document parseable. */
const INTERESTING = [...'{}[]",:\\ \n0123456789-+.eE/=AZaz_u']
  .map((c) => c.charCodeAt(0))
  .concat([0x00, 0x7f, 0x80, 0xc0, 0xed, 0xef, 0xff]);

const byteEdit: fc.Arbitrary<ByteEdit> = fc.oneof(
  fc.record({ op: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({
    op: fc.constant('set' as const),
    at: fc.nat(),
    value: fc.oneof(fc.constantFrom(...INTERESTING), fc.integer({ min: 0, max: 255 })),
  }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    bytes: fc
      .uint8Array({ minLength: 1, maxLength: 8 })
      .chain((b) =>
        fc.array(fc.constantFrom(...INTERESTING), { minLength: 1, maxLength: 4 }).map((i) => (b[0]! & 1 ? b : Uint8Array.from(i))),
      ),
  }),
  fc.record({ op: fc.constant('delete' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 16 }) }),
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat(), count: fc.integer({ min: 1, max: 64 }) }),
);

function applyByteEdit(b: Uint8Array, e: ByteEdit): Uint8Array {
  if (b.length === 0) return e.op === 'insert' ? e.bytes : b;
  const at = e.at % b.length;
  switch (e.op) {
    case 'flip': {
      const out = b.slice();
      out[at] = out[at]! ^ (1 << e.bit);
      return out;
    }
    case 'set': {
      const out = b.slice();
      out[at] = e.value;
      return out;
    }
    case 'insert':
      return concat(b.subarray(0, at), e.bytes, b.subarray(at));
    case 'delete':
      return concat(b.subarray(0, at), b.subarray(at + e.count));
    case 'truncate':
      return b.slice(0, at);
    case 'duplicate':
      return concat(b.subarray(0, at + e.count), b.subarray(at));
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let i = 0;
  for (const p of parts) {
    out.set(p, i);
    i += p.length;
  }
  return out;
}

/** 1–4 byte-level edits of one of the seeds. */
export function mutatedBytes(seeds: readonly Uint8Array[]): fc.Arbitrary<Uint8Array> {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(byteEdit, { minLength: 1, maxLength: 4 }))
    .map(([seed, edits]) => edits.reduce(applyByteEdit, seed));
}

// ---------------------------------------------------------------------------------------------
// JSON-like structures

type Container = Record<string, unknown> | unknown[];
type JsonEdit =
  | { op: 'replace'; target: number; value: unknown }
  | { op: 'delete'; target: number }
  | { op: 'add'; target: number; key: string; value: unknown }
  | { op: 'retype'; target: number };

/** Values that probe type confusion and boundaries rather than random noise. */
export const nastyValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    1,
    -0,
    0.5,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    Number.NaN,
    Infinity,
    -Infinity,
    '',
    ' ',
    '__proto__',
    'constructor',
    'x'.repeat(3000),
    '\u0000',
    '\ud800',
    'https://evil.example/',
    'javascript:alert(1)',
    '**',
    '/**/**/**/**/**/**/**/**/**/**/**/**',
    '(a+)+$',
    [],
    {},
    [[[[[[[[[[]]]]]]]]]],
  ),
  fc.jsonValue({ maxDepth: 3 }),
  fc.string({ maxLength: 40 }),
  fc.integer(),
);

const jsonEdit: fc.Arbitrary<JsonEdit> = fc.oneof(
  fc.record({ op: fc.constant('replace' as const), target: fc.nat(), value: nastyValue }),
  fc.record({ op: fc.constant('delete' as const), target: fc.nat() }),
  fc.record({
    op: fc.constant('add' as const),
    target: fc.nat(),
    key: fc.oneof(
      fc.constantFrom('__proto__', 'constructor', 'extra', 'allow', 'optional', 'kind', 'id', 't'),
      fc.string({ maxLength: 8 }),
    ),
    value: nastyValue,
  }),
  fc.record({ op: fc.constant('retype' as const), target: fc.nat() }),
);

/** Every (container, key) slot in a JSON-like value, depth first. */
function slots(root: unknown): [Container, string | number][] {
  const out: [Container, string | number][] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach((child, i) => {
        out.push([v, i]);
        walk(child);
      });
    } else if (typeof v === 'object' && v !== null) {
      for (const [k, child] of Object.entries(v)) {
        out.push([v as Record<string, unknown>, k]);
        walk(child);
      }
    }
  };
  walk(root);
  return out;
}

function retype(v: unknown): unknown {
  if (typeof v === 'string') return v.length;
  if (typeof v === 'number') return String(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (Array.isArray(v)) return Object.fromEntries(v.map((x, i) => [String(i), x]));
  if (typeof v === 'object' && v !== null) return Object.values(v);
  return {};
}

function define(container: Container, key: string | number, value: unknown): void {
  // defineProperty so a "__proto__" key stays an own data property, as a JSON parser would produce.
  Object.defineProperty(container, key, { value, enumerable: true, writable: true, configurable: true });
}

function applyJsonEdit(root: unknown, edit: JsonEdit): unknown {
  // The edit's value is copied in: fast-check hands out the same `[]` and `{}` constants (and may hand out
  // the same generated value) again and again, and a later edit that pushes into an inserted value would
  // otherwise change the constant for every later run, or put a value inside itself (a cycle: the walk
  // below then never ends).
  const e = 'value' in edit ? { ...edit, value: structuredClone(edit.value) } : edit;
  const all = slots(root);
  if (all.length === 0) return e.op === 'replace' ? e.value : root;
  const [container, key] = all[e.target % all.length]!;
  switch (e.op) {
    case 'replace':
      define(container, key, e.value);
      break;
    case 'retype':
      define(container, key, retype((container as Record<string | number, unknown>)[key]));
      break;
    case 'delete':
      if (Array.isArray(container)) container.splice(key as number, 1);
      else Reflect.deleteProperty(container, key as string);
      break;
    case 'add': {
      const child = (container as Record<string | number, unknown>)[key];
      if (Array.isArray(child)) child.push(e.value);
      else if (typeof child === 'object' && child !== null) define(child as Container, e.key, e.value);
      else if (!Array.isArray(container)) define(container, e.key, e.value);
      break;
    }
  }
  return root;
}

/** 1–3 structural edits of a deep copy of one of the seeds. */
export function mutatedJson(seeds: readonly unknown[]): fc.Arbitrary<unknown> {
  return fc
    .tuple(fc.constantFrom(...seeds), fc.array(jsonEdit, { minLength: 1, maxLength: 3 }))
    .map(([seed, edits]) => edits.reduce(applyJsonEdit, structuredClone(seed)));
}
