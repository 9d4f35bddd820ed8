import type { Language } from '../i18n';

const formats = new Map<Language, Intl.NumberFormat>();

/**
 * Thousands separators in the board's language ("12,000"), one formatter per language:
 * panels format every row on every second's re-render, and a new Intl.NumberFormat each
 * time is the costly part.
 */
export function numberFormat(language: Language): Intl.NumberFormat {
  let f = formats.get(language);
  if (!f) formats.set(language, (f = new Intl.NumberFormat(language)));
  return f;
}

/** "99.1%": a readiness rate as the division reports it (one decimal, never rounded up to a target it misses); null: "—". */
export function formatRate(rate: number | null): string {
  if (rate === null) return '—';
  const tenths = Math.floor(rate * 1000 + 1e-9) / 10;
  return `${tenths.toFixed(1)}%`;
}
