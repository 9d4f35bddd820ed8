import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n';
import { formatClock, formatDuration } from './duration';

describe('formatDuration', () => {
  it('reads outage durations in Chinese, rounded down', () => {
    const { t } = createI18n('zh-CN');
    expect(formatDuration(t, 0)).toBe('0 秒');
    expect(formatDuration(t, 45_900)).toBe('45 秒');
    expect(formatDuration(t, 4 * 60_000 + 12_000)).toBe('4 分 12 秒');
    // The client's longest outage: 11 hours.
    expect(formatDuration(t, 11 * 3_600_000 + 5 * 60_000 + 59_000)).toBe('11 小时 5 分');
    expect(formatDuration(t, 50 * 3_600_000)).toBe('2 天 2 小时');
  });

  it('reads in English and never goes negative', () => {
    const { t } = createI18n('en');
    expect(formatDuration(t, -5000)).toBe('0 s');
    expect(formatDuration(t, 90_000)).toBe('1 min 30 s');
    expect(formatDuration(t, 3 * 3_600_000)).toBe('3 h 0 min');
  });
});

describe('formatClock', () => {
  const now = new Date(2025, 5, 2, 15, 30, 0).getTime();
  it('gives a 24-hour time today', () => {
    expect(formatClock(new Date(2025, 5, 2, 9, 5, 7).getTime(), 'zh-CN', now)).toBe('09:05:07');
    expect(formatClock(new Date(2025, 5, 2, 23, 59, 1).getTime(), 'en', now)).toBe('23:59:01');
  });
  it('adds the date when the moment was on another day (an outage across midnight)', () => {
    const text = formatClock(new Date(2025, 5, 1, 22, 40, 0).getTime(), 'zh-CN', now);
    expect(text).toContain('22:40');
    expect(text).toMatch(/06.*01|01.*06/);
  });
});
