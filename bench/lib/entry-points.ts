/**
 * Saq's entry points in a Chromium trace: its content scripts' top-level runs (`EvaluateScript`), the
 * callbacks the browser calls into them (`FunctionCall`: observers, listeners, timers, port messages) and
 * their compiles — each with its own duration, so first-run costs show where the sampling profiler
 * (100 µs a sample, skewed by its own overhead) only shows a blur. Saq's hooks called by page code run
 * inside the page's own entries and are not counted here.
 */
export interface TraceEvent {
  name: string;
  ph: string;
  dur?: number;
  /** Microseconds, on the trace's clock. */
  ts?: number;
  pid?: number;
  tid?: number;
  args?: { data?: { url?: string; functionName?: string; lineNumber?: number; columnNumber?: number } };
}

export interface EntryPoint {
  /** `EvaluateScript` (the bundle's top level), `FunctionCall` (a callback), `v8.compile`. */
  kind: string;
  /** The extension path of the script (`src/content/isolated.iife.js`). */
  path: string;
  fn: string;
  /** 0-based line in the script. */
  line: number;
  ms: number;
  calls: number;
}

const KINDS = new Set(['EvaluateScript', 'FunctionCall', 'v8.compile']);
const EXTENSION_URL = /^chrome-extension:\/\/[^/]+\//;

/** Entry points whose script is an extension's, summed per kind, script and function. */
export function entryPoints(events: readonly TraceEvent[]): EntryPoint[] {
  const byKey = new Map<string, EntryPoint>();
  for (const event of events) {
    if (event.ph !== 'X' || !event.dur || !KINDS.has(event.name)) continue;
    const data = event.args?.data ?? {};
    const url = data.url ?? '';
    if (!EXTENSION_URL.test(url)) continue;
    const path = url.replace(EXTENSION_URL, '');
    const call = event.name === 'FunctionCall';
    const line = call ? Math.max(0, (data.lineNumber ?? 1) - 1) : 0;
    const fn = call ? data.functionName || '(anonymous)' : '(top level)';
    const key = `${event.name}|${path}|${fn}|${line}|${call ? (data.columnNumber ?? 0) : 0}`;
    const entry = byKey.get(key) ?? { kind: event.name, path, fn, line, ms: 0, calls: 0 };
    entry.ms += event.dur / 1000;
    entry.calls++;
    byKey.set(key, entry);
  }
  return [...byKey.values()].sort((a, b) => b.ms - a.ms);
}

export interface YoungCollections {
  /** Young-generation collections (`MinorGC`) on the thread that ran Saq's content scripts. */
  count: number;
  ms: number;
  /** Of those, the ones that ran inside one of Saq's entry points (its top-level runs and callbacks). */
  inSaq: number;
  inSaqMs: number;
}

/**
 * The young-generation collections of the renderer thread that ran Saq's content scripts. A collection is paid by
 * whichever code allocates when the young generation is full: one inside Saq's entry point makes that entry
 * longer by its whole duration, whoever allocated most of what filled it.
 */
export function youngCollections(events: readonly TraceEvent[]): YoungCollections {
  const saq = events.filter(
    (event) =>
      event.ph === 'X' &&
      event.dur &&
      KINDS.has(event.name) &&
      event.name !== 'v8.compile' &&
      EXTENSION_URL.test(event.args?.data?.url ?? ''),
  );
  const threads = new Set(saq.map((event) => `${event.pid}:${event.tid}`));
  const result: YoungCollections = { count: 0, ms: 0, inSaq: 0, inSaqMs: 0 };
  for (const event of events) {
    if (event.name !== 'MinorGC' || event.ph !== 'X' || !event.dur || !threads.has(`${event.pid}:${event.tid}`)) continue;
    result.count++;
    result.ms += event.dur / 1000;
    const start = event.ts ?? 0;
    const inside = saq.some(
      (entry) => entry.pid === event.pid && entry.tid === event.tid && entry.ts! <= start && start + event.dur! <= entry.ts! + entry.dur!,
    );
    if (inside) {
      result.inSaq++;
      result.inSaqMs += event.dur / 1000;
    }
  }
  return result;
}
