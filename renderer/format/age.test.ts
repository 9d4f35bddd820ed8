import { describe, expect, it } from 'vitest';
import { createI18n } from '../i18n';
import { formatAge } from './age';

describe('formatAge', () => {
  const now = 1_700_000_000_000;
  it('reads in Chinese by default', () => {
    const { t } = createI18n('zh-CN');
    expect(formatAge(t, null, now)).toBe('暂无');
    expect(formatAge(t, now + 5000, now)).toBe('刚刚');
    expect(formatAge(t, now - 12_400, now)).toBe('12 秒前');
    expect(formatAge(t, now - 5 * 60_000, now)).toBe('5 分钟前');
    expect(formatAge(t, now - 3 * 3_600_000, now)).toBe('3 小时前');
    expect(formatAge(t, now - 72 * 3_600_000, now)).toBe('3 天前');
  });
  it('reads in English', () => {
    const { t } = createI18n('en');
    expect(formatAge(t, now - 12_400, now)).toBe('12 s ago');
    expect(formatAge(t, now - 90_000, now)).toBe('1 min ago');
  });
});
