import { batteryReport } from '../../../shared/assets/battery';
import { flownRates, rateWindowStart } from '../../../shared/assets/flight-days';
import { DAY_MS, NO_SITE, readinessFromGroups, readinessTrend, type AssetGroup, type TrendPoint } from '../../../shared/assets/readiness';
import { addMonths, expiryCounts, serviceLifeDue, SERVICE_LIFE_HORIZON_DAYS } from '../../../shared/assets/service-life';
import { DUE_SOON_DAYS, DUE_SOON_KM, serviceDue, turnoutReadiness } from '../../../shared/assets/turnout';
import { EQUIPMENT_READINESS_TARGET, type Asset, type AssetClass, type AssetEvent, type AssetType, type BatteryDay, type ClimateReading } from '../../../shared/assets/schema';
import { TIMELINE_KEPT } from '../../../shared/assets/tables';
import type { assetsMethods } from '../../../shared/board-api';
import type { HandlersOf } from '../board/handler-types';
import type { Db } from '../store/database';
import { readReplaceCount, readTableSeq, readTablesKey, type ReplicaReader } from '../store/replica';
import type { BoardView } from '../store/view';
import type { NeighbourJudge } from '../scope/neighbours';

/** Whose trend: one class's, one site's (by what it holds today), or (neither) the whole ledger's. */
type TrendSlice = { class?: AssetClass; siteId?: string };

type Reports = Pick<HandlersOf<typeof assetsMethods>, 'readiness.batteries' | 'readiness.serviceLife' | 'readiness.trend' | 'readiness.turnout' | 'readiness.service'>;

/** The longest trend asked for (the api's max), and a day more: events are read once for any window. */
const TREND_READ_DAYS = 91;
/** The trend's window is read this many days at a time (~15,000 steps at the demo's scale). */
const TREND_SLICE_MS = 5 * 86_400_000;
/** How long the trend's past days are kept before they are read again (see readPast). */
const TREND_REREAD_MS = 15 * 60_000;

/**
 * The readiness view's figures beyond the summary: drone batteries against the red line,
 * service life, the 30-day trend and vehicle turnout. Each reads only the rows it needs by
 * the replica's declared columns (the batteries by their types' ids, not 90,000 assets
 * parsed), once per change of the tables it reads (their change-feed seqs: a pull of vehicle
 * positions or requests leaves them be), then lays the board's queued steps over and runs the
 * pure rule (shared/assets/) at the call's time.
 *
 * The seqs move with the change feed and a rewind; a reconciliation's table replacement moves
 * none, so the keys also carry the replica's count of wholesale replacements
 * (store/replica.ts readReplaceCount).
 */
export function createReadinessReports(d: { db: Db; replica: ReplicaReader; view: () => BoardView; neighbours?: NeighbourJudge; now: () => number }): Reports {
  /** The console's own fleet: a neighbouring unit's vehicles (shown faded) are not its to turn out or service. */
  const ownVehicles = () => {
    const all = d.view().vehicles();
    if (!d.neighbours) return all;
    const j = d.neighbours.judge();
    return all.filter((v) => !j.vehicle(v));
  };
  const typeIdsOf = (types: readonly AssetType[], keep: (t: AssetType) => boolean) => types.filter(keep).map((t) => t.id);
  const inList = (n: number) => Array.from({ length: n }, () => '?').join(',');
  const seqs = (...tables: Parameters<typeof readTablesKey>[1][]) => readTablesKey(d.db, ...tables);
  const typeNames = (types: readonly AssetType[], ids: ReadonlySet<string>) => types.filter((t) => ids.has(t.id)).map((t) => ({ id: t.id, class: t.class, name: t.name, nameEn: t.nameEn }));

  /** The board's queued steps over a list read from the mirror: shown records replace theirs; new ones that `keep` are added. */
  const overlaid = <T extends Pick<Asset, 'id'>>(rows: T[], v: BoardView, keep: (a: Asset) => boolean, shape: (a: Asset) => T): T[] => {
    const touched = v.touched('asset');
    if (touched.size === 0) return rows;
    const shown = new Map<string, Asset>();
    for (const id of touched) {
      const a = v.tx.get('asset', id);
      if (a) shown.set(id, a);
    }
    const out = rows.flatMap((r) => {
      const a = shown.get(r.id);
      if (!a) return [r];
      shown.delete(r.id);
      return keep(a) ? [shape(a)] : [];
    });
    for (const a of shown.values()) if (keep(a)) out.push(shape(a));
    return out;
  };

  // Batteries: ~4,800 of 90,000 assets, parsed whole (the model reads cycles and dates); the
  // sites' storage readings (a year of daily readings per site: ~5,000 rows); the flights a day of
  // the rate's window (by the indexed day: at most ~4,800 × 60 rows), measured per battery.
  let batteries: { key: string; types: AssetType[]; assets: Asset[]; climate: ClimateReading[]; flown: Map<string, number> } | null = null;
  const recentDays = d.db.prepare<[string], { row: string }>('SELECT row FROM battery_day WHERE day >= ?');
  const batteryInputs = (now: number) => {
    const from = rateWindowStart(now);
    const key = `${seqs('asset', 'asset_type', 'climate_reading', 'battery_day')}@${from}`;
    if (batteries?.key !== key) {
      const types = d.replica.all('asset_type');
      const ids = typeIdsOf(types, (t) => t.class === 'drone_battery');
      const assets = ids.length
        ? (d.db.prepare(`SELECT row FROM asset WHERE type_id IN (${inList(ids.length)})`).all(...ids) as { row: string }[]).map((r) => JSON.parse(r.row) as Asset)
        : [];
      const days = recentDays.all(from).map((r) => JSON.parse(r.row) as BatteryDay);
      batteries = { key, types, assets, climate: d.replica.all('climate_reading'), flown: flownRates(days, now) };
    }
    return batteries;
  };

  // Service life: the types with one (helmets, stab vests: ~26,000 assets), read as columns
  // and the acceptance date, not parsed whole.
  type LifeRow = Pick<Asset, 'id' | 'typeId' | 'siteId' | 'state' | 'qr' | 'acceptedAt'>;
  let lives: { key: string; types: AssetType[]; rows: LifeRow[]; expires: number[] } | null = null;
  const lifeInputs = () => {
    const key = seqs('asset', 'asset_type');
    if (lives?.key !== key) {
      const types = d.replica.all('asset_type');
      const ids = typeIdsOf(types, (t) => t.serviceLifeMonths !== null);
      const rows = ids.length
        ? (
            d.db
              .prepare(`SELECT key AS id, type_id AS typeId, site_id AS siteId, state, qr, json_extract(row, '$.acceptedAt') AS acceptedAt FROM asset WHERE type_id IN (${inList(ids.length)})`)
              .all(...ids) as LifeRow[]
          )
        : [];
      // Each row's end of life, once per read (calendar months: the costly part of the rule).
      const life = new Map(types.map((t) => [t.id, t.serviceLifeMonths]));
      lives = { key, types, rows, expires: rows.map((r) => (r.acceptedAt === null ? Infinity : addMonths(r.acceptedAt, life.get(r.typeId) ?? 0))) };
    }
    return lives;
  };
  const lifeRow = (a: Asset): LifeRow => ({ id: a.id, typeId: a.typeId, siteId: a.siteId, state: a.state, qr: a.qr, acceptedAt: a.acceptedAt });

  // The trend's past days: every asset's type and state (columns), the steps of the last
  // TREND_READ_DAYS days from the timeline's covering index by `at`, and how far back each full
  // ring reaches (a GROUP BY in SQLite, not 320,000 rows' JSON in JavaScript).
  // A day already past does not change when a step is taken now (the replay undoes it before
  // reaching that day), so the past points are read again only every TREND_REREAD_MS (a step
  // the central records late, after an outage, reaches back at most that far unseen), or
  // when the asset types change; today's point is counted live on every call.
  type TrendAsset = Pick<Asset, 'id' | 'typeId' | 'state' | 'siteId'>;
  type TrendEvent = Pick<AssetEvent, 'id' | 'assetId' | 'at' | 'from' | 'to'>;
  /** A full ring: its asset, how far back its kept steps reach, and its class and site (for a class's or a site's trend). */
  type Ring = { assetId: string; oldest: number; cls: AssetClass | null; siteId: string };
  type Past = {
    typesSeq: number;
    /** The replica's wholesale replacements when read (a reconciliation or a rewind since: read again). */
    replaced: number;
    anchor: number;
    types: AssetType[];
    points: TrendPoint[];
    byClass: Partial<Record<AssetClass, TrendPoint[]>>;
    bySite: Record<string, TrendPoint[]>;
    inconsistent: number;
    rings: Ring[];
  };
  let past: Past | null = null;
  let reading: Promise<Past> | null = null;
  // The window's steps from one covering index (at, asset_id, from_state, to_state, key: no row
  // is read, no JSON parsed), a slice of days at a time, yielding between them: the window is
  // most of a month's steps (~95,000 at the demo's scale), and the board's other calls must not wait.
  const windowSteps = d.db.prepare<[number, number], TrendEvent>(
    `SELECT key AS id, asset_id AS assetId, at, from_state AS "from", to_state AS "to"
     FROM asset_event INDEXED BY asset_event_window WHERE at > ? AND at <= ?`,
  );
  const fullRings = d.db.prepare<[number], { assetId: string; oldest: number }>(
    'SELECT asset_id AS assetId, MIN(at) AS oldest FROM asset_event GROUP BY asset_id HAVING COUNT(*) >= ?',
  );
  const readPast = async (now: number): Promise<Past> => {
    const typesSeq = readTableSeq(d.db, 'asset_type');
    const replaced = readReplaceCount(d.db);
    const types = d.replica.all('asset_type');
    const assets = d.db.prepare('SELECT key AS id, type_id AS typeId, state, site_id AS siteId FROM asset').all() as TrendAsset[];
    await new Promise((resolve) => setImmediate(resolve));
    const since = now - TREND_READ_DAYS * DAY_MS;
    const events: TrendEvent[] = [];
    for (let from = since; ; from += TREND_SLICE_MS) {
      // The last slice is open-ended: a step stamped by a clock a little ahead of this one is read too.
      const last = from + TREND_SLICE_MS >= now;
      for (const r of windowSteps.iterate(from, last ? Number.MAX_VALUE : from + TREND_SLICE_MS)) events.push(r);
      await new Promise((resolve) => setImmediate(resolve));
      if (last) break;
    }
    // A ring that is full has written over its oldest steps (or is about to): before its oldest kept step, that asset's history is not known.
    await new Promise((resolve) => setImmediate(resolve));
    const full = fullRings.all(TIMELINE_KEPT);
    const trend = readinessTrend(types, assets as Asset[], events as AssetEvent[], now, { days: TREND_READ_DAYS - 1 });
    const classOf = new Map(types.map((t) => [t.id, t.class]));
    const held = new Map(full.map((r) => [r.assetId, r]));
    const rings: Ring[] = [];
    for (const a of assets) {
      const r = held.get(a.id);
      if (r) rings.push({ assetId: a.id, oldest: r.oldest, cls: classOf.get(a.typeId) ?? null, siteId: a.siteId ?? NO_SITE });
    }
    return { typesSeq, replaced, anchor: now, types, points: trend.overall, byClass: trend.byClass, bySite: trend.bySite, inconsistent: trend.inconsistent, rings };
  };
  const pastAt = async (now: number): Promise<Past> => {
    if (past && past.typesSeq === readTableSeq(d.db, 'asset_type') && past.replaced === readReplaceCount(d.db) && now - past.anchor < TREND_REREAD_MS && now >= past.anchor) return past;
    reading ??= readPast(now).finally(() => (reading = null));
    return (past = await reading);
  };

  // Today's point: the ledger's counts by type, site and state (a GROUP BY over the columns,
  // as readiness.summary reads them), once per change of the asset tables, the queued steps laid over.
  let groups: { key: string; types: AssetType[]; groups: AssetGroup[] } | null = null;
  const groupsQuery = d.db.prepare<[], AssetGroup>('SELECT type_id, site_id, state, COUNT(*) AS n FROM asset GROUP BY type_id, site_id, state');
  const today = (v: BoardView, slice: TrendSlice): { ready: number; inService: number; rate: number | null } => {
    const key = seqs('asset', 'asset_type');
    if (groups?.key !== key) groups = { key, types: d.replica.all('asset_type'), groups: groupsQuery.all() };
    const index = readinessFromGroups(groups.types, groups.groups);
    for (const id of v.touched('asset')) index.apply(d.replica.get('asset', id) ?? null, v.tx.get('asset', id) ?? null);
    const { ready, inService, rate } = slice.class || slice.siteId ? index.row(slice.class, slice.siteId) : index.overall();
    return { ready, inService, rate };
  };

  return {
    'readiness.batteries': (_ctx, { limit }) => {
      const now = d.now();
      const { types, assets, climate, flown } = batteryInputs(now);
      const batteryTypes = new Set(typeIdsOf(types, (t) => t.class === 'drone_battery'));
      const shown = overlaid(assets, d.view(), (a) => batteryTypes.has(a.typeId), (a) => a);
      const report = batteryReport(shown, types, now, { climate, flown });
      const byId = new Map(shown.map((a) => [a.id, a]));
      const replaceFirst = report.replaceFirst.slice(0, limit).map((b) => {
        const a = byId.get(b.assetId)!;
        return {
          assetId: a.id, qr: a.qr, typeId: a.typeId, siteId: a.siteId, state: a.state,
          health: b.health, aged: b.aged, cycles: b.cycles, ratedCycles: b.ratedCycles, cyclesPerDay: b.cyclesPerDay, ageYears: b.ageYears,
          endOfLifeAt: Number.isFinite(b.daysToEndOfLife) ? Math.round(now + b.daysToEndOfLife * DAY_MS) : null,
          storage: b.storage,
        };
      });
      return {
        at: now,
        count: report.count,
        aged: report.aged,
        share: report.share,
        redLine: report.redLine,
        horizonDays: report.horizonDays,
        projectedShare: report.projectedShare,
        crossesInDays: report.crossesInDays,
        level: report.level,
        replaceToHold: report.replaceToHold,
        replaceFirst,
        replaceFirstTotal: report.replaceFirst.length,
        assumedStorage: report.all.filter((b) => b.storage.assumed).length,
        types: typeNames(types, batteryTypes),
      };
    },
    'readiness.serviceLife': (_ctx, { typeId, limit }) => {
      const now = d.now();
      const { types, rows, expires } = lifeInputs();
      const lifeTypes = new Set(typeIdsOf(types, (t) => t.serviceLifeMonths !== null));
      // Only the rows whose end of life is within the horizon go to the rule (~1,300 of 26,000).
      const until = now + SERVICE_LIFE_HORIZON_DAYS * DAY_MS;
      const near = rows.filter((_, i) => expires[i]! <= until);
      const v = d.view();
      const shown = overlaid(near, v, (a) => lifeTypes.has(a.typeId), lifeRow);
      // serviceLifeDue reads the fields a LifeRow has (type, acceptance, state, site).
      const due = serviceLifeDue(shown as Asset[], types, now);
      const qrOf = new Map(shown.map((r) => [r.id, r.qr]));
      const listed = typeId ? due.entries.filter((e) => e.typeId === typeId) : due.entries;
      return {
        at: now,
        horizonDays: SERVICE_LIFE_HORIZON_DAYS,
        ...expiryCounts(due.entries),
        entries: listed.slice(0, limit).map((e) => ({ assetId: e.assetId, qr: qrOf.get(e.assetId)!, typeId: e.typeId, siteId: e.siteId, expiresAt: e.expiresAt, daysLeft: e.daysLeft, status: e.status, out: e.out })),
        entriesTotal: listed.length,
        types: typeNames(types, lifeTypes),
      };
    },
    'readiness.trend': async (_ctx, { days, class: cls, siteId }) => {
      const slice: TrendSlice = { class: cls, siteId };
      const now = d.now();
      const p = await pastAt(now);
      // The past days as read at the anchor (at most TREND_REREAD_MS ago), today live; a class's
      // or a site's own line (a site by what it holds today), or the whole ledger's.
      const past = cls ? (p.byClass[cls] ?? []) : siteId ? (p.bySite[siteId] ?? []) : p.points;
      const empty = (at: number): TrendPoint => ({ at, ready: 0, inService: 0, rate: null });
      const line = past.length > 0 ? past : p.points.map((x) => empty(x.at));
      const points = [...line.slice(line.length - days, -1), { at: now, ...today(d.view(), slice) }];
      const windowStart = points[0]!.at;
      let completeFrom: number | null = null;
      let truncatedAssets = 0;
      for (const r of p.rings) {
        if ((cls && r.cls !== cls) || (siteId && r.siteId !== siteId)) continue;
        if (r.oldest <= windowStart) continue;
        truncatedAssets++;
        if (completeFrom === null || r.oldest > completeFrom) completeFrom = r.oldest;
      }
      return { target: EQUIPMENT_READINESS_TARGET, points, completeFrom, truncatedAssets, inconsistent: p.inconsistent };
    },
    'readiness.turnout': () => turnoutReadiness(ownVehicles()),
    'readiness.service': () => {
      const vehicles = ownVehicles();
      const byId = new Map(vehicles.map((v) => [v.id, v]));
      const due = serviceDue(vehicles, d.now()).map((x) => {
        const v = byId.get(x.vehicleId)!;
        return { ...x, plate: v.plate, kind: v.kind, homeSiteId: v.homeSiteId, vehicleStatus: v.status, service: v.service! };
      });
      return {
        soon: { km: DUE_SOON_KM, days: DUE_SOON_DAYS },
        vehicles: vehicles.length,
        overdue: due.filter((x) => x.status === 'overdue').length,
        dueSoon: due.filter((x) => x.status === 'due_soon').length,
        due,
        unrecorded: vehicles.filter((v) => !v.service).map((v) => ({ vehicleId: v.id, plate: v.plate, kind: v.kind, homeSiteId: v.homeSiteId })),
      };
    },
  };
}

