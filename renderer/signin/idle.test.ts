import { describe, expect, it } from 'vitest';
import { createIdleTracker } from './idle';

describe('idle tracker', () => {
  it('reports input at most every 30 s and says idle after the lock time without input', () => {
    const t = createIdleTracker(() => 15 * 60_000, 30_000, 0);
    expect(t.input(1_000)).toBe(false);
    expect(t.input(30_000)).toBe(true);
    expect(t.input(45_000)).toBe(false);
    expect(t.idle(45_000 + 15 * 60_000 - 1)).toBe(false);
    expect(t.idle(45_000 + 15 * 60_000)).toBe(true);
    t.reset(2_000_000);
    expect(t.idle(2_000_000 + 60_000)).toBe(false);
  });

  it('follows a changed lock time', () => {
    let minutes = 15;
    const t = createIdleTracker(() => minutes * 60_000, 30_000, 0);
    expect(t.idle(2 * 60_000)).toBe(false);
    minutes = 1;
    expect(t.idle(2 * 60_000)).toBe(true);
  });
});
