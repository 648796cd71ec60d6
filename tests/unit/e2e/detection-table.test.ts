import { describe, expect, it } from 'vitest';
import { formatDetectionTable, recordCase, type DetectionCase } from '../../e2e/detection-table.ts';

const bad = (browser: DetectionCase['browser'], flagged: boolean): DetectionCase => ({
  behaviour: 'cart burst',
  case: 'isolated-world fetch loop',
  malicious: true,
  flagged,
  browser,
});
const good = (browser: DetectionCase['browser'], flagged: boolean): DetectionCase => ({
  behaviour: 'cart burst',
  case: 'fast human',
  malicious: false,
  flagged,
  browser,
});

describe('detection table', () => {
  it('prints nothing when no case was recorded', () => {
    expect(formatDetectionTable([])).toBe('');
  });

  it('counts malicious detected and benign flagged, per browser and in total', () => {
    const table = formatDetectionTable([bad('chromium', true), bad('firefox', false), good('chromium', false), good('firefox', false)]);
    expect(table).toContain('chromium: malicious cases detected 1/1, benign cases flagged 0/1');
    expect(table).toContain('firefox: malicious cases detected 0/1, benign cases flagged 0/1');
    expect(table).toContain('TOTAL: malicious cases detected 1/2, benign cases flagged 0/2');
    expect(table).toMatch(/malicious\s+cart burst\s+isolated-world fetch loop\s+detected\s+MISSED/);
    expect(table).toMatch(/benign\s+cart burst\s+fast human\s+silent\s+silent/);
  });

  it('records several cases on one task', () => {
    const task: { meta: { detection?: DetectionCase[] } } = { meta: {} };
    recordCase(task, bad('chromium', true));
    recordCase(task, good('chromium', false));
    expect(task.meta.detection).toHaveLength(2);
  });
});
