import { describe, expect, it } from 'vitest';
import { formatCountdown, marginLevel, OPEN_REQUEST_ALLOWANCE_S, requestCountdown } from './margin';

describe('margin level (四色)', () => {
  it.each([
    [1800, 'green'],
    [600, 'green'],
    [599.9, 'yellow'],
    [300, 'yellow'],
    [299, 'orange'],
    [0, 'orange'],
    [-0.1, 'red'],
    [-900, 'red'],
    [Infinity, 'green'],
    [-Infinity, 'red'],
    [NaN, 'red'],
  ] as const)('%s s to spare is %s', (marginS, level) => {
    expect(marginLevel(marginS)).toBe(level);
  });
});

describe('request countdown', () => {
  const now = 1_000_000;
  const request = (status: 'open' | 'dispatched', minutesLeft: number) => ({ status, deadlineAt: now + minutesLeft * 60_000 });
  let n = 0;
  const enroute = (etaMin: number) => ({ id: `d${++n}`, status: 'enroute' as const, predictedArrivalAt: now + etaMin * 60_000 });

  it.each([
    // open: margin = time left − the 15-minute allowance for a run not yet sent
    ['open', 30, [], 'green', 30 * 60 - OPEN_REQUEST_ALLOWANCE_S],
    ['open', 22, [], 'yellow', 7 * 60],
    ['open', 17, [], 'orange', 2 * 60],
    ['open', 10, [], 'red', -5 * 60],
    // dispatched: margin = deadline − the last vehicle's predicted arrival
    ['dispatched', 30, [enroute(5)], 'green', 25 * 60],
    ['dispatched', 12, [enroute(5), enroute(8)], 'orange', 4 * 60],
    ['dispatched', 30, [enroute(23)], 'yellow', 7 * 60],
    ['dispatched', 10, [enroute(12)], 'red', -2 * 60],
  ] as const)('%s with %d min left and %j → %s', (status, minutesLeft, dispatches, level, marginS) => {
    const c = requestCountdown(request(status, minutesLeft), dispatches, now);
    expect(c.level).toBe(level);
    expect(c.marginS).toBeCloseTo(marginS, 6);
    expect(c.remainingS).toBeCloseTo(minutesLeft * 60, 6);
  });

  it('counts a vehicle past its predicted arrival as arriving now, not in the past', () => {
    const c = requestCountdown(request('dispatched', 3), [enroute(-2)], now);
    expect(c.expectedAt).toBe(now);
    expect(c.marginS).toBeCloseTo(180, 6);
  });

  it('ignores delivered orders of a request still en route', () => {
    const c = requestCountdown(request('dispatched', 20), [{ id: 'done', status: 'delivered', predictedArrivalAt: now + 99 * 60_000 }, enroute(4)], now);
    expect(c.marginS).toBeCloseTo(16 * 60, 6);
  });

  it('follows the live prediction: a slowed vehicle is late against its promise, then past the deadline', () => {
    const d = { id: 'slow', status: 'enroute' as const, predictedArrivalAt: now + 5 * 60_000 };
    const behind = requestCountdown(request('dispatched', 20), [d], now, (id) => (id === 'slow' ? now + 12 * 60_000 : undefined));
    expect(behind.expectedAt).toBe(now + 12 * 60_000);
    expect(behind.arrival?.late).toBe(true);
    expect(behind.arrival?.behindS).toBe(7 * 60);
    expect(behind.arrival?.pastDeadline).toBe(false);
    expect(behind.level).toBe('yellow');
    const past = requestCountdown(request('dispatched', 20), [d], now, () => now + 25 * 60_000);
    expect(past.arrival?.pastDeadline).toBe(true);
    expect(past.level).toBe('red');
    expect(past.marginS).toBeCloseTo(-5 * 60, 6);
  });
});

describe('countdown clock', () => {
  it.each([
    [1799.6, '29:59'],
    [600, '10:00'],
    [59, '00:59'],
    [0, '00:00'],
    [-0.4, '00:00'],
    [-192, '-03:12'],
    [3723, '1:02:03'],
  ])('%s s reads %s', (s, text) => {
    expect(formatCountdown(s)).toBe(text);
  });
});
