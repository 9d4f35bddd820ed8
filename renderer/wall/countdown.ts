/**
 * "12:05" to go, "1:02:05" beyond an hour, "-3:10" once past: a countdown read from 8 m,
 * so digits only, whole seconds, and the sign says late. Rounded towards the deadline's
 * side (ceil while counting down) so "0:00" never shows while time is still left.
 */
export function formatCountdown(ms: number): string {
  const late = ms < 0;
  const total = late ? Math.floor(-ms / 1000) : Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const mm = h > 0 ? String(m).padStart(2, '0') : String(m);
  const body = `${h > 0 ? `${h}:` : ''}${mm}:${String(s).padStart(2, '0')}`;
  return late && total > 0 ? `-${body}` : body;
}

/** Request-to-arrival as "27:36" (minutes:seconds), the way the division reports it. */
export function formatMinutesSeconds(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
