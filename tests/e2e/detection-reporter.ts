/**
 * Vitest reporter that prints the detection table (tests/e2e/detection-table.ts) once, at the end of a
 * run that recorded any case. Registered in vitest.config.ts next to the default reporter.
 */
import type { Reporter, TestModule } from 'vitest/node';
import { formatDetectionTable, type DetectionCase } from './detection-table.ts';

export default class DetectionReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const cases: DetectionCase[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) cases.push(...(test.meta().detection ?? []));
    }
    const table = formatDetectionTable(cases);
    if (table) process.stdout.write(`\n${table}\n`);
  }
}
