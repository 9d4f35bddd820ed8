import type { TFunction } from 'i18next';
import type { Language } from '../i18n';

/**
 * "45 秒" · "12 分 5 秒" · "2 小时 5 分" · "3 天 4 小时": how long an outage lasted, in the
 * handover's words. Rounded down: a duration never reads longer than it was.
 */
export function formatDuration(t: TFunction, ms: number): string {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  if (seconds < 60) return t('format:duration.seconds', { count: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('format:duration.minutes', { minutes, seconds: seconds % 60 });
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return t('format:duration.hours', { hours, minutes: minutes % 60 });
  return t('format:duration.days', { days: Math.floor(hours / 24), hours: hours % 24 });
}

/**
 * Wall-clock time of an event, 24-hour: "14:05:09"; with the date ("06-02 14:05") when it
 * is not today, because an 11-hour outage crosses midnight and a bare time then misleads.
 */
export function formatClock(at: number, language: Language, now = Date.now()): string {
  const d = new Date(at);
  const today = new Date(now);
  const sameDay = d.getFullYear() === today.getFullYear() && d.getMonth() === today.getMonth() && d.getDate() === today.getDate();
  const options: Intl.DateTimeFormatOptions = sameDay
    ? { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }
    : { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
  return new Intl.DateTimeFormat(language, options).format(d);
}
