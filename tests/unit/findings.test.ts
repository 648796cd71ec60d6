import { describe, expect, it } from 'vitest';
import { SEVERITIES, severityRank } from '../../src/shared/findings.ts';

describe('severityRank', () => {
  it('orders severities from info to critical', () => {
    expect(SEVERITIES.map(severityRank)).toEqual([0, 1, 2, 3]);
    expect(severityRank('danger')).toBeGreaterThan(severityRank('warning'));
  });
});
