import { describe, expect, it } from 'vitest';
import { formatCountdown, formatMinutesSeconds } from './countdown';

describe('countdown', () => {
  it.each([
    [0, '0:00'],
    [1, '0:01'],
    [999, '0:01'],
    [59_000, '0:59'],
    [60_000, '1:00'],
    [12 * 60_000 + 5_000, '12:05'],
    [3600_000 + 2 * 60_000 + 5_000, '1:02:05'],
    [-1, '0:00'],
    [-1000, '-0:01'],
    [-(3 * 60_000 + 10_000), '-3:10'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatCountdown(ms)).toBe(text);
  });

  it('reads request-to-arrival as minutes:seconds', () => {
    expect(formatMinutesSeconds(27 * 60 + 36)).toBe('27:36');
    expect(formatMinutesSeconds(null)).toBe('—');
    expect(formatMinutesSeconds(Number.NaN)).toBe('—');
  });
});
