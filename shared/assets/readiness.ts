import { inService, isReady } from './lifecycle';
import { ASSET_CLASSES, EQUIPMENT_READINESS_TARGET, type Asset, type AssetClass, type AssetEvent, type AssetType, type LifecycleState } from './schema';

/**
 * Equipment readiness (装备完好率): of the assets in service (stored, allocated, in repair,
 * missing: lifecycle.ts's `inService`), the share ready for duty (stored or allocated:
 * `isReady`), per equipment class, per site and overall, against the division's 98% target.
 * An asset with no site (out with an officer, the site not recorded) counts under NO_SITE.
 *
 * The index keeps two counts per (class, site): ready and in service. Applying an asset's
 * before/after (null for "did not exist" / "is gone") moves at most two cells, so a change
 * costs O(1) whatever the ledger's size; reading a class, a site or the whole costs one pass
 * over the cells (classes × sites, about a hundred), never over the assets.
 */

export const NO_SITE = '';

export type ReadinessRow = {
  key: string;
  ready: number;
  inService: number;
  /** ready / inService; null when nothing is in service (no rate, not 0% and not 100%). */
  rate: number | null;
  target: number;
  /** rate ≥ target (a class or site with nothing in service does not fail it). */
  meets: boolean;
};

export type ReadinessIndex = {
  /** Move the counts from an asset's old record to its new one (either may be null). O(1). */
  apply(before: Asset | null, after: Asset | null): void;
  overall(): ReadinessRow;
  byClass(): ReadinessRow[];
  bySite(): ReadinessRow[];
  /** One cell, or a class across all sites (site undefined), or a site across classes (class undefined). */
  row(cls?: AssetClass, siteId?: string): ReadinessRow;
};

const CLASS_INDEX = new Map<string, number>(ASSET_CLASSES.map((c, i) => [c, i]));
const NC = ASSET_CLASSES.length;

export function readinessRow(key: string, ready: number, inServiceCount: number, target = EQUIPMENT_READINESS_TARGET): ReadinessRow {
  const rate = inServiceCount > 0 ? ready / inServiceCount : null;
  return { key, ready, inService: inServiceCount, rate, target, meets: rate === null || rate >= target };
}

/**
 * The index over a ledger. `types` says each asset type's class; an asset whose type is not
 * among them is not counted (it cannot be put in a class), and `unknownTypes` says how many.
 */
export function createReadinessIndex(types: readonly AssetType[], assets: Iterable<Asset> = [], target = EQUIPMENT_READINESS_TARGET): ReadinessIndex & { unknownTypes(): number } {
  const classOfType = new Map<string, number>();
  for (const t of types) classOfType.set(t.id, CLASS_INDEX.get(t.class)!);
  // Per site: [ready, inService] per class, interleaved.
  const cells = new Map<string, Int32Array>();
  let unknown = 0;

  const add = (a: Asset, sign: 1 | -1) => {
    const c = classOfType.get(a.typeId);
    if (c === undefined) {
      unknown += sign;
      return;
    }
    if (!inService(a.state)) return;
    const site = a.siteId ?? NO_SITE;
    let cell = cells.get(site);
    if (!cell) cells.set(site, (cell = new Int32Array(NC * 2)));
    cell[c * 2 + 1]! += sign;
    if (isReady(a.state)) cell[c * 2]! += sign;
  };
  for (const a of assets) add(a, 1);

  const sum = (cls: number | undefined, site: string | undefined): [number, number] => {
    let ready = 0;
    let total = 0;
    const one = (cell: Int32Array) => {
      for (let c = 0; c < NC; c++) {
        if (cls !== undefined && c !== cls) continue;
        ready += cell[c * 2]!;
        total += cell[c * 2 + 1]!;
      }
    };
    if (site !== undefined) {
      const cell = cells.get(site);
      if (cell) one(cell);
    } else for (const cell of cells.values()) one(cell);
    return [ready, total];
  };
  const row = (key: string, cls: number | undefined, site: string | undefined) => readinessRow(key, ...sum(cls, site), target);

  return {
    apply(before, after) {
      if (before) add(before, -1);
      if (after) add(after, 1);
    },
    overall: () => row('all', undefined, undefined),
    byClass: () => ASSET_CLASSES.map((c, i) => row(c, i, undefined)).filter((r) => r.inService > 0),
    bySite: () => [...cells.keys()].sort().map((s) => row(s, undefined, s)).filter((r) => r.inService > 0),
    row: (cls, siteId) => row([cls ?? 'all', siteId ?? 'all'].join('@'), cls === undefined ? undefined : CLASS_INDEX.get(cls), siteId),
    unknownTypes: () => unknown,
  };
}

/** How many assets of a type are at a site in a state (a GROUP BY over the ledger). */
export type AssetGroup = { type_id: string; site_id: string | null; state: string; n: number };

/**
 * The index from the ledger's counts by type, site and state: what the board and the
 * central's watcher read from SQL instead of parsing every asset (90,000 at the division's scale).
 */
export function readinessFromGroups(types: readonly AssetType[], groups: Iterable<AssetGroup>, target = EQUIPMENT_READINESS_TARGET): ReturnType<typeof createReadinessIndex> {
  const index = createReadinessIndex(types, [], target);
  for (const g of groups) {
    const stand = { typeId: g.type_id, siteId: g.site_id, state: g.state } as Asset;
    // (index.apply moves counts from a record to another; none before: a new one counted.)
    const none: Asset | null = null;
    for (let i = 0; i < g.n; i++) index.apply(none, stand);
  }
  return index;
}

export const DAY_MS = 86_400_000;

export type TrendPoint = { at: number; ready: number; inService: number; rate: number | null };
export type ReadinessTrend = {
  /** Oldest first; the last point is now. */
  overall: TrendPoint[];
  byClass: Partial<Record<AssetClass, TrendPoint[]>>;
  /** Per site the asset is kept at today (NO_SITE: issued or in transit with no site). */
  bySite: Record<string, TrendPoint[]>;
  /**
   * Events whose `to` did not match the asset's state as replayed (a gap in the timeline):
   * the replay trusts the event and goes on; the count says how far to trust the trend.
   */
  inconsistent: number;
};

/**
 * The readiness trend over the last `days` days: one point per day, each a snapshot of the
 * ledger at the same time of day as `now` (now, now − 1 day, …), not a daily average.
 *
 * How: replayed BACKWARDS from today's states. The counts start from the assets as they are;
 * the events are walked newest first, and each one later than the snapshot being taken is
 * undone (the asset goes back to the event's `from`; a `procure`, whose from is null, takes it
 * out of the ledger). Events newer than `now` are undone first. Only the last `days` days of
 * events are read: O(assets + events in the window), whatever the length of the history.
 * `filter` narrows the ledger (e.g. one site): it is applied to the assets as they are today,
 * so an asset moved between sites in the window is counted at its present site throughout —
 * and so is `bySite` (a site's trend is its present holdings' readiness over the window).
 */
export function readinessTrend(
  types: readonly AssetType[],
  assets: readonly Asset[],
  events: readonly AssetEvent[],
  now: number,
  opts: { days?: number; filter?: (a: Asset) => boolean } = {},
): ReadinessTrend {
  const days = opts.days ?? 30;
  const from = now - (days - 1) * DAY_MS;
  const classOfType = new Map<string, number>();
  for (const t of types) classOfType.set(t.id, CLASS_INDEX.get(t.class)!);
  const state = new Map<string, { cls: number; site: number; state: LifecycleState | null }>();
  const ready = new Int32Array(NC);
  const total = new Int32Array(NC);
  const siteIndex = new Map<string, number>();
  const siteIds: string[] = [];
  for (const a of assets) {
    const key = a.siteId ?? NO_SITE;
    if (!siteIndex.has(key)) {
      siteIndex.set(key, siteIds.length);
      siteIds.push(key);
    }
  }
  const siteReady = new Int32Array(siteIds.length);
  const siteTotal = new Int32Array(siteIds.length);
  const count = (cls: number, site: number, s: LifecycleState | null, sign: number) => {
    if (s === null || !inService(s)) return;
    total[cls]! += sign;
    siteTotal[site]! += sign;
    if (isReady(s)) {
      ready[cls]! += sign;
      siteReady[site]! += sign;
    }
  };
  for (const a of assets) {
    const cls = classOfType.get(a.typeId);
    if (cls === undefined || (opts.filter && !opts.filter(a))) continue;
    const site = siteIndex.get(a.siteId ?? NO_SITE)!;
    state.set(a.id, { cls, site, state: a.state });
    count(cls, site, a.state, 1);
  }
  const window = events.filter((e) => e.at > from - DAY_MS && state.has(e.assetId)).sort((x, y) => y.at - x.at || (y.id < x.id ? -1 : y.id > x.id ? 1 : 0));
  let inconsistent = 0;
  const overall: TrendPoint[] = [];
  const perClass: TrendPoint[][] = ASSET_CLASSES.map(() => []);
  const perSite: TrendPoint[][] = siteIds.map(() => []);
  const point = (at: number, r: number, t: number): TrendPoint => ({ at, ready: r, inService: t, rate: t > 0 ? r / t : null });
  let k = 0;
  for (let d = 0; d < days; d++) {
    const at = now - d * DAY_MS;
    for (; k < window.length && window[k]!.at > at; k++) {
      const e = window[k]!;
      const s = state.get(e.assetId)!;
      if (s.state !== e.to) inconsistent++;
      count(s.cls, s.site, s.state, -1);
      s.state = e.from;
      count(s.cls, s.site, s.state, 1);
    }
    let r = 0;
    let t = 0;
    for (let c = 0; c < NC; c++) {
      r += ready[c]!;
      t += total[c]!;
      perClass[c]!.push(point(at, ready[c]!, total[c]!));
    }
    for (let i = 0; i < siteIds.length; i++) perSite[i]!.push(point(at, siteReady[i]!, siteTotal[i]!));
    overall.push(point(at, r, t));
  }
  const byClass: Partial<Record<AssetClass, TrendPoint[]>> = {};
  ASSET_CLASSES.forEach((c, i) => {
    if (perClass[i]!.some((p) => p.inService > 0)) byClass[c] = perClass[i]!.reverse();
  });
  const bySite: Record<string, TrendPoint[]> = {};
  siteIds.forEach((id, i) => {
    if (perSite[i]!.some((p) => p.inService > 0)) bySite[id] = perSite[i]!.reverse();
  });
  return { overall: overall.reverse(), byClass, bySite, inconsistent };
}
