import { HUMIDITY_THRESHOLD } from '../../shared/assets/battery';
import type { MethodResult } from '../../shared/board-api';
import { formatRate } from '../format/number';

/**
 * How the readiness panel reads its figures: why a battery is on the replace-first list, the
 * red line's projection, the trend as chart rows and in one sentence. Pure (i18n keys with
 * their params; the panel translates).
 */

export type Batteries = MethodResult<'readiness.batteries'>;
export type BatteryRow = Batteries['replaceFirst'][number];
export type Trend = MethodResult<'readiness.trend'>;
/** An i18n key under `assets:` with its params. */
export type Words = { key: string; params?: Record<string, string | number> };

/** Why a battery stands where it does, worst first: the same thresholds as shared/assets/battery.ts's reasons. */
export function batteryWhy(b: BatteryRow): Words[] {
  const out: Words[] = [];
  if (b.cycles >= b.ratedCycles * 0.5) out.push({ key: 'battery.why.cycles', params: { cycles: b.cycles, rated: b.ratedCycles } });
  if (b.cyclesPerDay >= 0.5) out.push({ key: 'battery.why.flownHard', params: { perDay: b.cyclesPerDay.toFixed(1) } });
  if (b.storage.assumed) out.push({ key: 'battery.why.noReadings' });
  else {
    if (b.storage.tempC >= 28) out.push({ key: 'battery.why.hot', params: { tempC: b.storage.tempC.toFixed(0) } });
    if (b.storage.humidity > HUMIDITY_THRESHOLD) out.push({ key: 'battery.why.humid', params: { humidity: b.storage.humidity.toFixed(0) } });
  }
  if (b.ageYears >= 2) out.push({ key: 'battery.why.old', params: { years: b.ageYears.toFixed(1) } });
  return out;
}

/** The red line's projection in words: crossed, crossing in N days, or not within the horizon. */
export function redLineProjection(r: Pick<Batteries, 'level' | 'crossesInDays' | 'horizonDays'>): Words {
  if (r.level === 'over' || r.crossesInDays === 0) return { key: 'battery.crosses.now' };
  if (r.crossesInDays !== null) return { key: 'battery.crosses.inDays', params: { days: r.crossesInDays } };
  return { key: 'battery.crosses.none', params: { days: r.horizonDays } };
}

/** A share as the report writes it, one decimal ("7.8%"): unlike a readiness rate, a share over a line is not rounded down under it. */
export function formatShare(share: number): string {
  return `${(Math.round(share * 1000 + 1e-9) / 10).toFixed(1)}%`;
}

export type TrendRow = { at: number; label: string; rate: number | null; ready: number; inService: number };

/** The chart's rows: the rate in percent (null where nothing was in service), a month-day label. */
export function trendRows(points: Trend['points']): TrendRow[] {
  return points.map((p) => {
    const d = new Date(p.at);
    return { at: p.at, label: `${d.getMonth() + 1}-${String(d.getDate()).padStart(2, '0')}`, rate: p.rate === null ? null : Math.round(p.rate * 10_000) / 100, ready: p.ready, inService: p.inService };
  });
}

/** The trend in one sentence's figures: lowest, highest, today, and on how many days it was under target. */
export function trendSummary(t: Pick<Trend, 'points' | 'target'>): { days: number; min: string; max: string; latest: string; below: number; target: string } | null {
  const rated = t.points.filter((p) => p.rate !== null);
  if (rated.length === 0) return null;
  const rates = rated.map((p) => p.rate!);
  return {
    days: t.points.length,
    min: formatRate(Math.min(...rates)),
    max: formatRate(Math.max(...rates)),
    latest: formatRate(t.points.at(-1)!.rate),
    below: rates.filter((r) => r < t.target - 1e-12).length,
    target: formatRate(t.target),
  };
}

/** The y-axis: from a little under the lowest of the rates and the target, to 100%. */
export function trendDomain(rows: readonly TrendRow[], targetPct: number): [number, number] {
  const lows = rows.flatMap((r) => (r.rate === null ? [] : [r.rate]));
  const low = Math.min(targetPct, ...lows);
  return [Math.max(0, Math.floor(low - 0.5)), 100];
}
