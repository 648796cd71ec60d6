/**
 * CPU time of a whole browser — every process it started — read from Linux's /proc, by kind of process.
 * The page-cost bench's script time counts only the page's main thread; an extension also costs the
 * browser process (routing its messages, storage writes, badge and tab events, the webRequest proxy),
 * its own process (the service worker) and the renderer's other threads. On a two-core machine all of
 * that competes with the page while it loads.
 *
 * Per thread `schedstat` (nanoseconds), not `stat` (10 ms ticks): a page load is ~0.1 s of CPU.
 * Elsewhere than Linux there is no /proc: `null`, and the figure is left out.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

/** Chromium's kinds of process; Firefox's parent is `browser` and every child `child`. */
export type ProcessKind = 'browser' | 'renderer' | 'extension' | 'gpu' | 'network' | 'child' | 'other';

export type ProcessCpuMs = Partial<Record<ProcessKind, number>>;

/** Every kind, in the order the report shows them. */
export const CPU_KINDS: readonly ProcessKind[] = ['browser', 'renderer', 'extension', 'gpu', 'network', 'child', 'other'];

function readOr(path: string, fallback = ''): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback; // the process or thread ended between the listing and the read
  }
}

/** Parent pid from /proc/<pid>/stat (the field after the command name, which may hold spaces). */
function parentOf(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return Number(fields[1]);
}

function descendants(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readOr(`/proc/${entry}/stat`);
    if (!stat) continue;
    const parent = parentOf(stat);
    const list = children.get(parent) ?? [];
    list.push(Number(entry));
    children.set(parent, list);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const pid = queue.pop()!;
    found.push(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return found;
}

/** What a process of this browser is, from its command line. */
export function processKind(pid: number, root: number, cmdline: string): ProcessKind {
  if (pid === root) return 'browser';
  const type = /--type=([\w-]+)/.exec(cmdline)?.[1];
  if (type === undefined) return cmdline.includes('-contentproc') ? 'child' : 'other'; // Firefox's children, helpers
  if (type === 'renderer') return cmdline.includes('--extension-process') ? 'extension' : 'renderer';
  if (type === 'gpu-process') return 'gpu';
  if (type === 'utility' && cmdline.includes('network')) return 'network';
  return 'other';
}

function threadCpuMs(pid: number): number {
  let ns = 0;
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return 0;
  }
  for (const tid of tasks) ns += Number(readOr(`/proc/${pid}/task/${tid}/schedstat`, '0').split(' ')[0]) || 0;
  return ns / 1e6;
}

/** CPU milliseconds used so far by the browser whose first process is `root`, per kind; null without /proc. */
export function browserCpuMs(root: number | undefined): ProcessCpuMs | null {
  if (root === undefined || !existsSync(`/proc/${root}/task`)) return null;
  const byKind: ProcessCpuMs = {};
  for (const pid of descendants(root)) {
    const kind = processKind(pid, root, readOr(`/proc/${pid}/cmdline`).replaceAll('\0', ' '));
    byKind[kind] = (byKind[kind] ?? 0) + threadCpuMs(pid);
  }
  return byKind;
}

/** What was used between two readings, per kind, and in all (`total`). */
export function cpuSpent(before: ProcessCpuMs, after: ProcessCpuMs): ProcessCpuMs & { total: number } {
  const spent: ProcessCpuMs & { total: number } = { total: 0 };
  for (const kind of Object.keys(after) as ProcessKind[]) {
    // A process that ended in between is not in `after`; one that started is not in `before`.
    const used = Math.max(0, (after[kind] ?? 0) - (before[kind] ?? 0));
    spent[kind] = used;
    spent.total += used;
  }
  return spent;
}
