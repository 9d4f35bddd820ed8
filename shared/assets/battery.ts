import { inService } from './lifecycle';
import { BATTERY_RED_LINE, type Asset, type AssetType, type ClimateReading } from './schema';

/**
 * Drone battery health (无人机电池), and the warning the division did not get: 7.8% of its
 * batteries aged past the 5% red line because the early-warning model counted age, not charge
 * cycles. Here a battery's remaining capacity is estimated from both, and from how it is stored.
 *
 * The model (lithium-polymer packs; a planning estimate, not a measurement):
 *
 *   health = 1 − cycleFade − calendarFade            (share of rated capacity left)
 *   cycleFade    = (1 − END_OF_LIFE) × cycles / ratedCycles
 *       linear in cycles, scaled so that the maker's rated cycles bring it exactly to end of
 *       life (makers rate cycles "to 80% capacity"): 400 rated → 0.05% a cycle.
 *   calendarFade = CALENDAR_FADE_PER_YEAR × years since acceptance × heat × damp
 *       CALENDAR_FADE_PER_YEAR: 4% a year stored at 25 °C, about half charged (the usual
 *       figure for LiPo packs in storage: 2–5%).
 *       heat = 2 ^ ((T − 25 °C) / 10): ageing doubles every +10 °C (Arrhenius-like; the
 *       chemistry's side reactions speed up with heat), halves every −10 °C. T is the site's
 *       storage temperature; the factor is averaged over the readings (ageing integrates the
 *       rate, so a hot summer counts for more than its mean temperature suggests).
 *       damp = 1 + 2% per %RH above 70% RH: humid storage corrodes contacts and the balance
 *       board and swells pouches; below 70% it is taken to do nothing.
 *   END_OF_LIFE = 0.8: a battery at or under 80% is "aged" (flight time and the voltage
 *       sag under load are no longer safe for a police sortie).
 *
 * Without storage readings for its site a battery is taken at 25 °C and 50% RH, and says so.
 *
 * Projection: each battery's fade is linear in time at its own pace: cycles a day as its flights
 * a day of the last 60 days measure it (flight-days.ts flownPerDay), else over its history (its
 * counter readings, first to last), else its count over its days in service; and
 * its calendar fade at its site's conditions. So each has a day it reaches 80%, and the share
 * aged on any day ahead is the share whose day has come: the red line is crossed on the day
 * the ⌈5% × fleet⌉-th battery reaches it.
 */

export const END_OF_LIFE = 0.8;
export const CALENDAR_FADE_PER_YEAR = 0.04;
export const REFERENCE_TEMP_C = 25;
export const DOUBLING_PER_C = 10;
export const HUMIDITY_THRESHOLD = 70;
export const HUMIDITY_FADE_PER_RH = 0.02;
export const DEFAULT_STORAGE = { tempC: REFERENCE_TEMP_C, humidity: 50 } as const;
const DAY = 86_400_000;
const YEAR_DAYS = 365.25;

export const heatFactor = (tempC: number): number => 2 ** ((tempC - REFERENCE_TEMP_C) / DOUBLING_PER_C);
export const dampFactor = (humidity: number): number => 1 + HUMIDITY_FADE_PER_RH * Math.max(0, humidity - HUMIDITY_THRESHOLD);

/** A site's storage as the model uses it: the mean ageing factor of its readings, and the means to show. */
export type Storage = { factor: number; meanTempC: number; meanHumidity: number; readings: number };

export function storageBySite(readings: readonly ClimateReading[], since = -Infinity): Map<string, Storage> {
  const acc = new Map<string, { f: number; t: number; h: number; n: number }>();
  for (const r of readings) {
    if (r.at < since) continue;
    const a = acc.get(r.siteId) ?? { f: 0, t: 0, h: 0, n: 0 };
    a.f += heatFactor(r.tempC) * dampFactor(r.humidity);
    a.t += r.tempC;
    a.h += r.humidity;
    a.n++;
    acc.set(r.siteId, a);
  }
  return new Map([...acc].map(([site, a]) => [site, { factor: a.f / a.n, meanTempC: a.t / a.n, meanHumidity: a.h / a.n, readings: a.n }]));
}

export type BatteryModel = {
  /** Count charge cycles (true). False is the division's old model: age only. */
  cycles: boolean;
};

export type BatteryHealth = {
  assetId: string;
  health: number;
  aged: boolean;
  cycles: number;
  ratedCycles: number;
  ageYears: number;
  cyclesPerDay: number;
  /** Capacity lost a day at its present pace. */
  fadePerDay: number;
  /** Days until it reaches END_OF_LIFE (0 when it has; Infinity when it does not fade). */
  daysToEndOfLife: number;
  storage: { tempC: number; humidity: number; assumed: boolean };
  /** Why it stands where it does, in words, worst first. */
  reasons: string[];
};

export type BatteryInput = {
  asset: Asset;
  type: AssetType;
  /** Flight-log readings for this battery (any order); cycles a day = slope first to last. */
  history?: readonly { at: number; cycles: number }[];
  /** Cycles a day as its recent flights a day measure it (flight-days.ts flownRates): before the history and the count over its age. */
  flownPerDay?: number | undefined;
  storage?: Storage;
};

/** Cycles a day over counter readings (any order), first to last; null under two readings a day or more apart. */
function historyRate(history: readonly { at: number; cycles: number }[] | undefined): number | null {
  if (!history || history.length < 2) return null;
  let first = history[0]!;
  let last = history[0]!;
  for (const h of history) {
    if (h.at < first.at) first = h;
    if (h.at > last.at) last = h;
  }
  const days = (last.at - first.at) / DAY;
  return days >= 1 ? Math.max(0, (last.cycles - first.cycles) / days) : null;
}

export function batteryHealth({ asset, type, history, flownPerDay, storage }: BatteryInput, now: number, model: BatteryModel = { cycles: true }): BatteryHealth {
  const rated = type.ratedCycles ?? 400;
  const cycles = asset.cycles ?? 0;
  const start = asset.acceptedAt ?? asset.procuredAt;
  const ageDays = Math.max(0, (now - start) / DAY);
  // Its pace: measured from its flights a day, else its counter's history, else its count over its age.
  const perDay = flownPerDay ?? historyRate(history) ?? (ageDays > 0 ? cycles / ageDays : 0);
  const factor = storage?.factor ?? heatFactor(DEFAULT_STORAGE.tempC) * dampFactor(DEFAULT_STORAGE.humidity);
  const cyclePart = model.cycles ? ((1 - END_OF_LIFE) * cycles) / rated : 0;
  const calendarPart = CALENDAR_FADE_PER_YEAR * (ageDays / YEAR_DAYS) * factor;
  const health = 1 - cyclePart - calendarPart;
  const fadePerDay = (model.cycles ? ((1 - END_OF_LIFE) * perDay) / rated : 0) + (CALENDAR_FADE_PER_YEAR / YEAR_DAYS) * factor;
  const aged = health <= END_OF_LIFE + 1e-12;
  const daysToEndOfLife = aged ? 0 : fadePerDay > 0 ? (health - END_OF_LIFE) / fadePerDay : Infinity;
  const tempC = storage?.meanTempC ?? DEFAULT_STORAGE.tempC;
  const humidity = storage?.meanHumidity ?? DEFAULT_STORAGE.humidity;

  const reasons: string[] = [];
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  reasons.push(aged ? `health ${pct(health)}: at or under end of life (${pct(END_OF_LIFE)})` : `health ${pct(health)}, end of life (${pct(END_OF_LIFE)}) in ${daysToEndOfLife === Infinity ? 'no foreseeable time' : `${Math.ceil(daysToEndOfLife)} days`}`);
  if (model.cycles && cycles >= rated * 0.5) reasons.push(`${cycles} cycles of ${rated} rated`);
  if (model.cycles && perDay >= 0.5) reasons.push(`flown hard: ${perDay.toFixed(1)} cycles a day`);
  if (!storage) reasons.push(`no storage readings for its site: ${DEFAULT_STORAGE.tempC} °C, ${DEFAULT_STORAGE.humidity}% RH assumed`);
  else {
    if (tempC >= 28) reasons.push(`stored at ${tempC.toFixed(0)} °C (ageing ×${heatFactor(tempC).toFixed(1)})`);
    if (humidity > HUMIDITY_THRESHOLD) reasons.push(`humid storage: ${humidity.toFixed(0)}% RH`);
  }
  if (ageDays / YEAR_DAYS >= 2) reasons.push(`${(ageDays / YEAR_DAYS).toFixed(1)} years in service`);
  return { assetId: asset.id, health, aged, cycles, ratedCycles: rated, ageYears: ageDays / YEAR_DAYS, cyclesPerDay: perDay, fadePerDay, daysToEndOfLife, storage: { tempC, humidity, assumed: !storage }, reasons };
}

export type FleetBatteryReport = {
  /** Batteries in service (stored, allocated, in repair, missing). */
  count: number;
  aged: number;
  share: number;
  redLine: number;
  horizonDays: number;
  /** Share aged at the horizon, at each battery's present pace. */
  projectedShare: number;
  /** Days from now until the share reaches the red line (0: it has; null: not within the horizon). */
  crossesInDays: number | null;
  /** over: at or past the red line now; warning: will reach it within the horizon; ok. */
  level: 'over' | 'warning' | 'ok';
  /** How many must be replaced now to stay under the red line through the horizon. */
  replaceToHold: number;
  /** Aged now, or reaching end of life within the horizon: soonest first (aged: worst health first). */
  replaceFirst: BatteryHealth[];
  all: BatteryHealth[];
};

/**
 * The fleet's batteries against the red line. `histories` maps asset id → flight-log readings;
 * `climate` gives each site's storage (readings over the last year are used).
 */
export function batteryReport(
  assets: readonly Asset[],
  types: readonly AssetType[],
  now: number,
  opts: {
    histories?: ReadonlyMap<string, readonly { at: number; cycles: number }[]>;
    /** Measured cycles a day by battery (flight-days.ts flownRates). */
    flown?: ReadonlyMap<string, number>;
    climate?: readonly ClimateReading[];
    horizonDays?: number;
    redLine?: number;
    model?: BatteryModel;
  } = {},
): FleetBatteryReport {
  const horizonDays = opts.horizonDays ?? 90;
  const redLine = opts.redLine ?? BATTERY_RED_LINE;
  const typeById = new Map(types.filter((t) => t.class === 'drone_battery').map((t) => [t.id, t]));
  const storage = storageBySite(opts.climate ?? [], now - YEAR_DAYS * DAY);
  const all: BatteryHealth[] = [];
  for (const asset of assets) {
    const type = typeById.get(asset.typeId);
    if (!type || !inService(asset.state)) continue;
    all.push(batteryHealth({ asset, type, history: opts.histories?.get(asset.id), flownPerDay: opts.flown?.get(asset.id), storage: asset.siteId ? storage.get(asset.siteId) : undefined }, now, opts.model));
  }
  const count = all.length;
  const aged = all.filter((b) => b.aged).length;
  const share = count > 0 ? aged / count : 0;
  const days = all.map((b) => b.daysToEndOfLife).sort((a, b) => a - b);
  const projected = days.filter((d) => d <= horizonDays).length;
  // The red line is reached when ⌈redLine × count⌉ batteries are aged.
  const needed = Math.max(1, Math.ceil(redLine * count - 1e-9));
  const crossing = count > 0 && needed <= count ? days[needed - 1]! : Infinity;
  const crossesInDays = crossing <= horizonDays ? Math.ceil(crossing) : null;
  const level = count > 0 && share >= redLine ? 'over' : crossesInDays !== null ? 'warning' : 'ok';
  // Replacing the soonest k keeps the share under the line while projected − k < needed.
  const replaceToHold = Math.max(0, projected - (needed - 1));
  const replaceFirst = all
    .filter((b) => b.daysToEndOfLife <= horizonDays)
    .sort((a, b) => a.daysToEndOfLife - b.daysToEndOfLife || a.health - b.health || (a.assetId < b.assetId ? -1 : 1));
  return { count, aged, share, redLine, horizonDays, projectedShare: count > 0 ? projected / count : 0, crossesInDays, level, replaceToHold, replaceFirst, all };
}
