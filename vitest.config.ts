import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import LongestFirst from './tests/e2e/longest-first.ts';

// Two projects with one job each: `unit` runs pure modules and DOM-level sensor tests in Node;
// `e2e` drives the built extension in real Chromium and Firefox, two files at a time.
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    // The detection table (tests/e2e/detection-table.ts) prints after the e2e run; silent when no case was recorded.
    reporters: ['default', './tests/e2e/detection-reporter.ts'],
    // One worker more than there are cores: unit files wait on timers and child processes (the release-build
    // check runs vite), and the default (cores − 1: one worker on a 2-core CI machine) left a core idle —
    // 170 s for the unit project there, 78 s with three workers. The e2e project sets its own.
    maxWorkers: availableParallelism() + 1,
    sequence: { sequencer: LongestFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx', 'tests/dom/**/*.test.ts', 'tools/**/*.test.ts'],
          environment: 'node',
          // Vitest's 5 s default is a hang detector, not a speed budget: with three files at a time on two busy
          // cores, CLI, root-rotation and property files that take 1–3 s alone timed out (5 tests in one run).
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.e2e.ts'],
          // Two files at a time, each with its own shop replica (its own ports) and its own browsers: most of a
          // browser test is waiting (a page settling, a verdict polled for). On this 2-core machine the e2e stage
          // took 1,367 s one file at a time and 816 s two at a time (442 tests, none retried; Chromium 156, Firefox
          // ESR 153). Longest first (tests/e2e/longest-first.ts): no long file runs alone at the end.
          maxWorkers: 2,
          testTimeout: 60_000,
          // One retry of a failed test: real browsers on a 2-core machine now and then lose a race with the
          // machine, not with Saq (a test that fails twice still fails the run). The detection table keeps
          // both attempts: a benign case flagged in either is FLAGGED.
          retry: 1,
          hookTimeout: 120_000,
          globalSetup: ['tests/e2e/global-setup.ts'],
          // Prints the errors of an attempt its retry passed (otherwise lost from the output).
          setupFiles: ['tests/e2e/report-failed-attempts.ts'],
        },
      },
    ],
  },
});
