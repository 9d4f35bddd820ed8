import { describe, expect, it } from 'vitest';
import type { LinkStatus } from '../../shared/board-api';
import { isLinkDown, OUTAGE_BANNER_GRACE_MS, showOutageBanner } from './link-down';

const link = (state: LinkStatus['state']): LinkStatus => ({
  state,
  endpoint: 'http://127.0.0.1:8787',
  since: 0,
  lastPullAt: null,
  lastPositionAt: null,
  cursor: 0,
  lastError: null,
  endpointName: 'primary',
  queueDepth: 0,
  conflicts: 0,
  lastPushAt: null,
  cut: false,
  unknownOutcomes: 0,
  resync: null,
  clockSkewMs: null,
  lastRewind: null,
});

describe('isLinkDown', () => {
  it('is down while reconnecting or offline, not before the first status', () => {
    expect(isLinkDown(link('connected'))).toBe(false);
    expect(isLinkDown(link('reconnecting'))).toBe(true);
    expect(isLinkDown(link('offline'))).toBe(true);
    expect(isLinkDown(null)).toBe(false);
  });
});

describe('showOutageBanner', () => {
  const T = 1_700_000_000_000;
  it('waits out a short reconnect, shows offline and a manual cut at once', () => {
    const reconnecting = { ...link('reconnecting'), since: T };
    expect(showOutageBanner(reconnecting, T + 500)).toBe(false);
    expect(showOutageBanner(reconnecting, T + OUTAGE_BANNER_GRACE_MS)).toBe(true);
    expect(showOutageBanner({ ...reconnecting, cut: true }, T + 10)).toBe(true);
    expect(showOutageBanner({ ...link('offline'), since: T }, T)).toBe(true);
    expect(showOutageBanner({ ...link('connected'), cut: true }, T + 60_000)).toBe(false);
    expect(showOutageBanner(null, T)).toBe(false);
  });
});
