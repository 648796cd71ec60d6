import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { browserCpuMs, cpuSpent, processKind } from '../../../bench/lib/process-cpu.ts';

describe('CPU of every process of a browser', () => {
  it('tells the kinds of Chromium process apart by their command lines', () => {
    const root = 100;
    expect(processKind(100, root, '/usr/lib/chromium/chromium --headless --remote-debugging-pipe')).toBe('browser');
    expect(processKind(101, root, 'chromium --type=renderer --extension-process --lang=en-US')).toBe('extension');
    expect(processKind(102, root, 'chromium --type=renderer --lang=en-US --renderer-client-id=7')).toBe('renderer');
    expect(processKind(103, root, 'chromium --type=gpu-process --use-angle=swiftshader')).toBe('gpu');
    expect(processKind(104, root, 'chromium --type=utility --utility-sub-type=network.mojom.NetworkService')).toBe('network');
    expect(processKind(105, root, 'chromium --type=utility --utility-sub-type=storage.mojom.StorageService')).toBe('other');
    expect(processKind(106, root, 'chromium --type=zygote')).toBe('other');
  });

  it("counts Firefox's content, extension and socket processes as its children", () => {
    expect(processKind(200, 200, '/usr/lib/firefox-esr/firefox-esr --marionette --headless')).toBe('browser');
    expect(processKind(201, 200, '/usr/lib/firefox-esr/firefox-esr -contentproc -isForBrowser -prefsHandle 0 tab')).toBe('child');
    expect(processKind(202, 200, '/usr/lib/firefox-esr/crashhelper 200 9 /tmp/')).toBe('other');
  });

  it('gives what was spent between two readings, never less than nothing for a process that ended', () => {
    const spent = cpuSpent({ browser: 100, renderer: 50, gpu: 20 }, { browser: 130, renderer: 40, extension: 5, gpu: 20 });
    expect(spent).toEqual({ browser: 30, renderer: 0, extension: 5, gpu: 0, total: 35 });
  });

  it.runIf(existsSync('/proc/self/task'))('reads a live process tree from /proc (this test runner) and sees it grow', () => {
    const before = browserCpuMs(process.pid)!;
    // Burn 30 ms of this process's own CPU time (not wall time: on a busy machine the thread may get less).
    const start = process.cpuUsage();
    while (process.cpuUsage(start).user < 30_000);
    const after = browserCpuMs(process.pid)!;
    expect(cpuSpent(before, after).browser).toBeGreaterThan(20);
  });

  it('is null for a process that does not exist and without a pid', () => {
    expect(browserCpuMs(undefined)).toBeNull();
    expect(browserCpuMs(2 ** 31 - 1)).toBeNull();
  });
});
