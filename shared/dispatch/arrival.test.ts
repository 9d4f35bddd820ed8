import { describe, expect, it } from 'vitest';
import { arrivalOf, lastArrival, LATE_AFTER_S } from './arrival';

const now = 1_000_000_000;
const min = 60_000;

describe('arrivalOf', () => {
  it('follows the live prediction, not the promise', () => {
    const a = arrivalOf({ predictedArrivalAt: now + 5 * min }, now + 20 * min, now, now + 12 * min);
    expect(a.etaAt).toBe(now + 12 * min);
    expect(a.behindS).toBe(7 * 60);
    expect(a.late).toBe(true);
    expect(a.pastDeadline).toBe(false);
    expect(a.marginS).toBe(8 * 60);
    expect(a.live).toBe(true);
  });

  it('is never before now: a vehicle past its promise without a live position is late by the time since', () => {
    const a = arrivalOf({ predictedArrivalAt: now - (6 * 60 + 57) * 1000 }, now + 10 * min, now);
    expect(a.etaAt).toBe(now);
    expect(a.behindS).toBe(6 * 60 + 57);
    expect(a.late).toBe(true);
    expect(a.live).toBe(false);
  });

  it('drift under a minute is not late; past the deadline is said even when on promise', () => {
    expect(arrivalOf({ predictedArrivalAt: now + min }, now + 30 * min, now, now + min + (LATE_AFTER_S - 1) * 1000).late).toBe(false);
    const onPromise = arrivalOf({ predictedArrivalAt: now + 10 * min }, now + 5 * min, now, now + 10 * min);
    expect(onPromise.late).toBe(false);
    expect(onPromise.pastDeadline).toBe(true);
    expect(onPromise.marginS).toBe(-5 * 60);
  });

  it('a request arrives with its last vehicle', () => {
    const a = arrivalOf({ predictedArrivalAt: now + 5 * min }, now + 20 * min, now);
    const b = arrivalOf({ predictedArrivalAt: now + 9 * min }, now + 20 * min, now);
    expect(lastArrival([a, b])).toBe(b);
    expect(lastArrival([])).toBeNull();
  });
});
