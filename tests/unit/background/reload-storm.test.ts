import { describe, expect, it } from 'vitest';
import { emptyTraffic, observeRequest, type SeenRequest } from '../../../src/background/network-traffic.ts';
import { reloadStormFinding } from '../../../src/background/reload-storm.ts';
import { fakeProfile, SHOP } from './fakes.ts';

const load = (at: number): SeenRequest => ({
  id: `l${at}`,
  at,
  url: `${SHOP}/kz/product/x`,
  method: 'GET',
  type: 'main_frame',
  frameId: 0,
  initiator: '',
  endpoint: null,
  origin: 'first_party',
  status: 0,
  done: false,
});

function loads(times: number[]) {
  return times.reduce((traffic, at) => observeRequest(traffic, load(at), at, 60_000), emptyTraffic());
}

describe('reload storms', () => {
  it('counts top-frame loads of shop pages in the window', () => {
    const times = Array.from({ length: 40 }, (_, i) => i * 1000);
    expect(reloadStormFinding(loads(times), 39_500, fakeProfile())).toMatchObject({
      kind: 'reload-storm',
      evidence: { what: 'reload', reloads: 40, windowMs: 60_000 },
    });
  });

  it('says nothing about a single load and forgets loads outside the window', () => {
    expect(reloadStormFinding(loads([0]), 10, fakeProfile())).toBeNull();
    expect(reloadStormFinding(loads([0, 1000]), 70_000, fakeProfile())).toBeNull();
  });
});
