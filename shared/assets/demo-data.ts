import { seededRandom } from '../random';
import { localDay } from './flight-days';
import { MAX_CYCLES_PER_DAY, type Asset, type AssetClass, type AssetEvent, type AssetType, type BatteryDay, type ClimateReading, type LifecycleState, type Repair } from './schema';

/**
 * A reproducible ledger at the division's scale: 90,000 assets across the sites, a year of
 * lifecycle events, the repairs behind them, drone battery cycle histories and each site's
 * storage readings. Seeded (mulberry32), never Math.random: the same options give the same
 * ledger, byte for byte, so the tests, the bench and (later) the central's seed agree.
 *
 * Site ids and asset types are parameters (the central seeds from its own sites); the
 * defaults are the demo city's 14 sites (1 central depot, 3 regional depots, 10 quick-pick
 * points) and DEMO_ASSET_TYPES. It is shaped to land near the client's figures:
 *   - readiness 99.1% overall; body cameras 99.4%, 4G dome cameras 99.1%, drones 98.9%
 *     (NOT_READY below: the share of in-service assets in repair or missing today);
 *   - RFID coverage 82.7% (TAGGED);
 *   - about 7.8% of drone batteries aged past 80% capacity once cycle counts are counted
 *     (heavy users fly their batteries up to 0.9 cycles a day; one quick-pick point is a hot,
 *     humid kiosk), 0.2% by age alone;
 *   - helmets and stab vests with a 60-month service life, procured over 66 months: the
 *     oldest were scrapped expired in the year, a few are past it still in service, more
 *     expire within 90 days;
 *   - repairs lasting 3.1 days on average (filed → back), some open ones overdue.
 */

export const DEMO_SITE_IDS = ['depot-central', 'depot-east', 'depot-west', 'depot-north', 'qp-01', 'qp-02', 'qp-03', 'qp-04', 'qp-05', 'qp-06', 'qp-07', 'qp-08', 'qp-09', 'qp-10'] as const;

/** 10:00 in Beijing on 1 December 2026: the demo's "today". */
export const DEMO_NOW = Date.UTC(2026, 11, 1, 2, 0, 0);

export const DEMO_ASSET_TYPES: readonly AssetType[] = [
  { id: 'bodycam-dsj-v7', class: 'bodycam', name: '执法记录仪 DSJ-V7', nameEn: 'Body camera DSJ-V7', serviceLifeMonths: null, ratedCycles: null },
  { id: 'dome-4g-b2', class: 'dome_camera', name: '4G布控球 B2', nameEn: '4G dome camera B2', serviceLifeMonths: null, ratedCycles: null },
  { id: 'drone-m30', class: 'drone', name: '警用无人机 M30', nameEn: 'Police drone M30', serviceLifeMonths: null, ratedCycles: null },
  { id: 'battery-tb30', class: 'drone_battery', name: '无人机电池 TB30', nameEn: 'Drone battery TB30', serviceLifeMonths: null, ratedCycles: 400 },
  { id: 'radio-pdt-880', class: 'radio', name: 'PDT对讲机 880', nameEn: 'PDT radio 880', serviceLifeMonths: null, ratedCycles: null },
  { id: 'helmet-fb-2', class: 'helmet', name: '防暴头盔', nameEn: 'Riot helmet', serviceLifeMonths: 60, ratedCycles: null },
  { id: 'vest-fc-3', class: 'stab_vest', name: '防刺背心', nameEn: 'Stab vest', serviceLifeMonths: 60, ratedCycles: null },
];

/** How many of every 90,000 assets are of each class. */
const MIX: Record<AssetClass, number> = { bodycam: 30_000, dome_camera: 8_000, drone: 1_200, drone_battery: 4_800, radio: 20_000, helmet: 16_000, stab_vest: 10_000 };
/** Share of in-service assets not ready today (in repair or missing). */
const NOT_READY: Record<AssetClass, number> = { bodycam: 0.006, dome_camera: 0.009, drone: 0.0095, drone_battery: 0.012, radio: 0.01, helmet: 0.01, stab_vest: 0.01 };
/** Share of the not-ready that are in repair (the rest are missing). */
const IN_REPAIR_SHARE = 0.75;
/** Share out with an officer (allocated) of the ready. */
const ALLOCATED: Record<AssetClass, number> = { bodycam: 0.3, dome_camera: 0.05, drone: 0.05, drone_battery: 0.05, radio: 0.3, helmet: 0.05, stab_vest: 0.05 };
/** How far back procurement goes, in months (helmets, vests: past their 60-month life). */
const PROCURED_OVER_MONTHS: Record<AssetClass, number> = { bodycam: 48, dome_camera: 48, drone: 36, drone_battery: 36, radio: 60, helmet: 66, stab_vest: 66 };
const TAGGED = 0.827;
/** Other classes scrapped in the year (broken beyond repair); expired items: EXPIRED_SCRAPPED. */
const SCRAPPED = 0.015;
const EXPIRED_SCRAPPED = 0.95;
/** Just procured and not yet in service. */
const NEW = 0.003;
const REPAIR_MEAN_DAYS = 3.1;
/** Drone battery cycles a day: log-normal around the median, capped (two sorties a day at most). */
const RATE_MEDIAN = 0.155;
const RATE_SIGMA = 0.6;
const RATE_CAP = 0.9;
const DAY = 86_400_000;
const YEAR = 365 * DAY;
const MONTH = YEAR / 12;

/** Cycle logs: a battery's count as the flight logs had it at a time. */
export type CycleLog = { assetId: string; at: number; cycles: number };
/** Days of flights a day in the demo's battery histories (the rate the model measures: flight-days.ts). */
export const DEMO_FLIGHT_DAYS = 30;

export type DemoLedger = {
  types: readonly AssetType[];
  assets: Asset[];
  events: AssetEvent[];
  repairs: Repair[];
  cycleLogs: CycleLog[];
  /**
   * Each battery in service's last DEMO_FLIGHT_DAYS days of flights a day (the days it flew, at
   * its own pace, up to yesterday), and its count as a counter reading yesterday: the count
   * includes those days, so a log of them imported again adds nothing (flight-days.ts).
   */
  batteryDays: BatteryDay[];
  climate: ClimateReading[];
};

export type DemoLedgerOptions = {
  seed?: number;
  now?: number;
  count?: number;
  siteIds?: readonly string[];
  types?: readonly AssetType[];
  /** Sites kept hot and humid (a kiosk in the sun): default the 7th quick-pick point's place in the list (index 10). */
  hotSiteIds?: readonly string[];
  /** Generate the year of events and repairs (default true); the assets are the same without. */
  events?: boolean;
};

/** The seeded generator the ledger is made with (shared/random.ts), here too for its callers. */
export { seededRandom };

const OFFICERS = Array.from({ length: 24 }, (_, i) => `officer-${String(i + 1).padStart(2, '0')}`);
const DUTY = ['duty-01', 'duty-02', 'duty-03', 'duty-04'];
const SUPERVISORS = ['supervisor-01', 'supervisor-02'];
const QR_PREFIX: Record<AssetClass, string> = { bodycam: 'BC', dome_camera: 'DC', drone: 'DR', drone_battery: 'DB', radio: 'RD', helmet: 'HM', stab_vest: 'SV' };

export function generateDemoLedger(opts: DemoLedgerOptions = {}): DemoLedger {
  const rnd = seededRandom(opts.seed ?? 1);
  const now = opts.now ?? DEMO_NOW;
  const count = opts.count ?? 90_000;
  const siteIds = opts.siteIds ?? DEMO_SITE_IDS;
  const types = opts.types ?? DEMO_ASSET_TYPES;
  const hot = new Set(opts.hotSiteIds ?? (siteIds.length > 10 ? [siteIds[10]!] : []));
  const withEvents = opts.events ?? true;
  const windowStart = now - YEAR;
  if (siteIds.length === 0) throw new Error('the demo ledger needs at least one site');

  const typesOf = new Map<AssetClass, AssetType[]>();
  for (const t of types) typesOf.set(t.class, [...(typesOf.get(t.class) ?? []), t]);
  const classes = (Object.keys(MIX) as AssetClass[]).filter((c) => typesOf.has(c));
  const mixTotal = classes.reduce((s, c) => s + MIX[c], 0);

  // Sites: the first (the central depot) holds 30%, the next three 12% each, the rest share what is left.
  const weights = siteIds.map((_, i) => (siteIds.length < 5 ? 1 : i === 0 ? 0.3 : i < 4 ? 0.12 : 0.34 / (siteIds.length - 4)));
  const wSum = weights.reduce((a, b) => a + b, 0);
  const cumulative: number[] = [];
  weights.reduce((acc, w) => (cumulative.push((acc + w) / wSum), acc + w), 0);
  const pickSite = () => {
    const u = rnd();
    const i = cumulative.findIndex((c) => u < c);
    return siteIds[i < 0 ? siteIds.length - 1 : i]!;
  };
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const between = (a: number, b: number) => a + rnd() * (b - a);
  const normal = () => Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd());

  const assets: Asset[] = [];
  const events: AssetEvent[] = [];
  const repairs: Repair[] = [];
  const cycleLogs: CycleLog[] = [];
  const paces: { id: string; rate: number; cycles: number }[] = [];
  let eventNo = 0;
  let repairNo = 0;
  const ev = (assetId: string, step: AssetEvent['step'], at: number, from: LifecycleState | null, to: LifecycleState, siteId: string | null, holder: string | null, by: string, note = ''): void => {
    if (withEvents && at >= windowStart) events.push({ id: `ev-${String(++eventNo).padStart(7, '0')}`, assetId, step, at: Math.round(at), by, from, to, siteId, holder, note });
  };
  const repairRecord = (assetId: string, filedAt: number, sentAt: number, backAt: number | null): string => {
    const id = `rp-${String(++repairNo).padStart(6, '0')}`;
    const decidedAt = filedAt + between(0.05, 0.5) * DAY;
    if (withEvents && (backAt ?? now) >= windowStart)
      repairs.push({
        id, target: { kind: 'asset', id: assetId }, kind: 'repair', reason: 'fault reported at check', status: backAt === null ? 'in_repair' : 'done',
        filedAt: Math.round(filedAt), filedBy: pick(DUTY), decidedAt: Math.round(decidedAt), decidedBy: pick(SUPERVISORS), decisionNote: '', sentAt: Math.round(sentAt), backAt: backAt === null ? null : Math.round(backAt),
      });
    return id;
  };

  let n = 0;
  for (const cls of classes) {
    const k = Math.round((MIX[cls] / mixTotal) * count);
    const clsTypes = typesOf.get(cls)!;
    for (let j = 0; j < k && n < count; j++) {
      n++;
      const type = clsTypes[j % clsTypes.length]!;
      const id = `as-${String(n).padStart(6, '0')}`;
      const siteId = pickSite();
      const isNew = rnd() < NEW;
      const procuredAt = isNew ? now - between(1, 20) * DAY : now - between(0.7, PROCURED_OVER_MONTHS[cls]) * MONTH;
      const acceptedAt = procuredAt + between(1, 5) * DAY;
      const storedAt = acceptedAt + between(0, 2) * DAY;
      const expiresAt = type.serviceLifeMonths ? acceptedAt + type.serviceLifeMonths * MONTH : Infinity;

      // Where it ends today.
      let state: LifecycleState;
      if (isNew) state = rnd() < 0.5 || acceptedAt > now ? 'procured' : 'accepted';
      else if (expiresAt < now && rnd() < EXPIRED_SCRAPPED) state = 'scrapped';
      else if (rnd() < SCRAPPED) state = 'scrapped';
      else if (rnd() < NOT_READY[cls]) state = rnd() < IN_REPAIR_SHARE ? 'in_repair' : 'missing';
      else state = rnd() < ALLOCATED[cls] ? 'allocated' : 'stored';
      // When it got there (the last step), after it was stored.
      const first = Math.max(storedAt, windowStart);
      let since =
        state === 'procured' ? procuredAt
        : state === 'accepted' ? acceptedAt
        : state === 'in_repair' ? Math.max(first, now - between(0.1, 7) * DAY)
        : state === 'missing' ? between(first, now)
        : state === 'scrapped' ? (expiresAt < now ? Math.min(now - between(0, 1) * DAY, Math.max(first, expiresAt + between(1, 40) * DAY)) : between(first, now))
        : state === 'allocated' ? Math.max(first, now - between(0.05, 3) * DAY)
        : storedAt;

      ev(id, 'procure', procuredAt, null, 'procured', null, null, pick(DUTY), 'procured');
      if (state !== 'procured') ev(id, 'accept', acceptedAt, 'procured', 'accepted', null, null, pick(DUTY));
      if (state !== 'procured' && state !== 'accepted') ev(id, 'store', storedAt, 'accepted', 'stored', siteId, null, pick(DUTY));

      // Excursions between being stored (or the window's start) and the last step: repairs
      // that came back, and issues that were returned, none overlapping.
      let cursor = first;
      let lastBack = 0;
      const end = state === 'stored' ? now : since;
      if (state !== 'procured' && state !== 'accepted' && end > cursor) {
        const repairRate = NOT_READY[cls] * IN_REPAIR_SHARE * (365 / REPAIR_MEAN_DAYS);
        const span = (end - cursor) / YEAR;
        const nRepairs = Math.floor(repairRate * span + rnd());
        const nIssues = Math.floor(ALLOCATED[cls] * 4 * span + rnd());
        const kinds = [...Array<string>(nRepairs).fill('repair'), ...Array<string>(nIssues).fill('issue')].map((x) => ({ x, u: rnd() })).sort((a, b) => a.u - b.u);
        // One slot each, spread over the span, each starting after the one before has ended.
        const slot = (end - cursor) / Math.max(1, kinds.length);
        const spanStart = cursor;
        for (let i = 0; i < kinds.length; i++) {
          const x = kinds[i]!.x;
          const start = Math.max(cursor + 1000, spanStart + (i + between(0.05, 0.95)) * slot);
          if (x === 'repair') {
            // Filed → back: 0.8 days at least, 3.1 on average (an exponential tail).
            const filed = start;
            const sent = filed + between(0.1, 0.6) * DAY;
            const back = filed + (0.8 + -Math.log(1 - rnd()) * (REPAIR_MEAN_DAYS - 0.8)) * DAY;
            if (back >= end - 1000) continue;
            repairRecord(id, filed, sent, back);
            ev(id, 'send_to_repair', sent, 'stored', 'in_repair', siteId, null, pick(DUTY), 'approved repair');
            ev(id, 'back_from_repair', back, 'in_repair', 'stored', siteId, null, pick(DUTY));
            cursor = back;
          } else {
            const out = start;
            const back = Math.min(out + between(0.2, 3) * DAY, end - 1000);
            if (back <= out) continue;
            const holder = pick(OFFICERS);
            ev(id, 'issue', out, 'stored', 'allocated', siteId, holder, pick(DUTY));
            ev(id, 'return', back, 'allocated', 'stored', siteId, null, pick(DUTY));
            cursor = back;
          }
          lastBack = cursor;
        }
      }
      if (state === 'stored' && lastBack > 0) since = lastBack;
      let holder: string | null = null;
      const by = pick(DUTY);
      if (state === 'allocated') {
        holder = pick(OFFICERS);
        ev(id, 'issue', since, 'stored', 'allocated', siteId, holder, by);
      } else if (state === 'in_repair') {
        const filed = since - between(0.1, 0.6) * DAY;
        repairRecord(id, filed, since, null);
        ev(id, 'send_to_repair', since, 'stored', 'in_repair', siteId, null, by, 'approved repair');
      } else if (state === 'missing') ev(id, 'report_missing', since, 'stored', 'missing', siteId, null, by, 'not found at stock-take');
      else if (state === 'scrapped') ev(id, 'scrap', since, 'stored', 'scrapped', siteId, null, pick(SUPERVISORS), expiresAt < now ? 'service life expired' : 'beyond repair');

      // Drone batteries: cycles at the battery's own pace since it was accepted.
      let cycles: number | null = null;
      if (cls === 'drone_battery' && state !== 'procured') {
        // Cycles a day: most batteries fly about once a week; a heavy-use tail (patrol drones
        // on daily sorties) up to 0.9 a day.
        const rate = Math.min(RATE_CAP, RATE_MEDIAN * Math.exp(RATE_SIGMA * normal()));
        const stop = state === 'scrapped' ? since : now;
        let c = 0;
        for (let t = acceptedAt; t < stop; t += MONTH) {
          c += Math.round(rate * Math.min(MONTH, stop - t) / DAY * between(0.75, 1.25));
          if (withEvents && t + MONTH >= windowStart) cycleLogs.push({ assetId: id, at: Math.round(Math.min(t + MONTH, stop)), cycles: c });
        }
        cycles = c;
        if (state !== 'scrapped') paces.push({ id, rate, cycles });
      }
      const tagged = rnd() < TAGGED;
      const epc = tagged ? `E2801170${n.toString(16).toUpperCase().padStart(16, '0')}` : null;
      assets.push({
        id, typeId: type.id, serial: `${QR_PREFIX[cls]}${String(100000 + n)}`, qr: `JB-${QR_PREFIX[cls]}${String(n).padStart(6, '0')}`, epc, state,
        siteId: state === 'procured' || state === 'accepted' ? null : siteId, holder, since: Math.round(since), procuredAt: Math.round(procuredAt),
        acceptedAt: state === 'procured' ? null : Math.round(acceptedAt), cycles, pendingRequestId: null,
      });
    }
  }

  // Storage readings: one a day per site over the year; temperate sites 18–24 °C and 45–60% RH
  // with the seasons (±4 °C), the hot kiosk about 31 °C and 78% RH.
  const climate: ClimateReading[] = [];
  for (const siteId of siteIds) {
    const baseT = hot.has(siteId) ? 31 : between(18, 24);
    const baseH = hot.has(siteId) ? 78 : between(45, 60);
    for (let d = 0; d < 365; d++) {
      const at = windowStart + d * DAY + 6 * 3600_000;
      const season = Math.sin(((d - 60) / 365) * 2 * Math.PI);
      climate.push({ siteId, at, tempC: Math.round((baseT + 4 * season + normal()) * 10) / 10, humidity: Math.round(Math.min(100, Math.max(0, baseH + 8 * season + 3 * normal()))) });
    }
  }
  events.sort((a, b) => a.at - b.at);
  // Battery histories: flights a day over the last DEMO_FLIGHT_DAYS days, Poisson at each battery's
  // pace (its own generator: the rest of the ledger is the same with or without them).
  const batteryDays: BatteryDay[] = [];
  if (withEvents) {
    const fly = seededRandom((opts.seed ?? 1) * 7919 + 17);
    for (const { id, rate, cycles } of paces) {
      // Up to yesterday; yesterday's row also holds the count as a counter reading (the end of
      // yesterday: today's flights are still to be logged).
      for (let k = DEMO_FLIGHT_DAYS - 1; k >= 1; k--) {
        let flights = 0;
        // Poisson by inversion (rates under 1 a day: a handful of draws).
        for (let p = Math.exp(-rate), cum = p, u = fly(); u > cum && flights < MAX_CYCLES_PER_DAY; ) {
          flights++;
          p *= rate / flights;
          cum += p;
        }
        const day = localDay(now - k * DAY);
        if (k === 1) batteryDays.push({ assetId: id, day, flights: flights > 0 ? flights : null, counter: cycles });
        else if (flights > 0) batteryDays.push({ assetId: id, day, flights, counter: null });
      }
    }
  }
  return { types, assets, events, repairs, cycleLogs, batteryDays, climate };
}
