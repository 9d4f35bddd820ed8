import { describe, expect, it } from 'vitest';
import { arrivalOf } from '../../shared/dispatch/arrival';
import { createI18n } from '../i18n';
import { arrivalWords } from './arrival';

const now = new Date(2026, 11, 2, 9, 50, 0).getTime();
const s = 1000;

describe('arrivalWords', () => {
  it('says late in words against the promise: 晚到 6 分 57 秒 (the review saw "预计到达 -6:57")', () => {
    const { t } = createI18n('zh-CN');
    const a = arrivalOf({ predictedArrivalAt: now - 417 * s }, now + 10 * 60 * s, now);
    const w = arrivalWords(t, a, 'zh-CN', now);
    expect(w.state).toBe('late');
    expect(w.flag).toBe('晚到 6 分 57 秒');
    expect(w.when).toBe('预计 09:50:00 到');
  });

  it('says 超时限 past the deadline, before anything else', () => {
    const { t } = createI18n('zh-CN');
    const a = arrivalOf({ predictedArrivalAt: now + 60 * s }, now + 120 * s, now, now + 310 * s);
    const w = arrivalWords(t, a, 'zh-CN', now);
    expect(w.state).toBe('past_deadline');
    expect(w.flag).toBe('超时限 3 分 10 秒');
    expect(w.spare).toBeNull();
  });

  it('on time: no flag, the time to spare; in English too', () => {
    const { t } = createI18n('en');
    const a = arrivalOf({ predictedArrivalAt: now + 300 * s }, now + 1200 * s, now, now + 300 * s);
    const w = arrivalWords(t, a, 'en', now);
    expect(w.state).toBe('on_time');
    expect(w.flag).toBeNull();
    expect(w.spare).toBe('15 min 0 s to spare');
    const late = arrivalWords(t, arrivalOf({ predictedArrivalAt: now }, now + 1200 * s, now, now + 125 * s), 'en', now);
    expect(late.flag).toBe('late by 2 min 5 s');
  });
});
