import type { TFunction } from 'i18next';

/** "12 秒前" / "3 min ago"; "暂无" for never. Future times (clock skew) read as just now. */
export function formatAge(t: TFunction, since: number | null, now: number): string {
  if (since === null) return t('format:age.never');
  const seconds = Math.floor((now - since) / 1000);
  if (seconds < 1) return t('format:age.justNow');
  if (seconds < 60) return t('format:age.seconds', { count: seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return t('format:age.minutes', { count: minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return t('format:age.hours', { count: hours });
  return t('format:age.days', { count: Math.floor(hours / 24) });
}

/** Age in whole seconds, for styling thresholds. */
export function ageSeconds(since: number | null, now: number): number | null {
  return since === null ? null : Math.max(0, Math.floor((now - since) / 1000));
}
