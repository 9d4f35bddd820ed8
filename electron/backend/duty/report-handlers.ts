import { BoardError, type CallerContext } from '../../../shared/board-api';
import { readinessFromGroups, type AssetGroup } from '../../../shared/assets/readiness';
import type { Asset, AssetType, Repair } from '../../../shared/assets/schema';
import { turnoutReadiness } from '../../../shared/assets/turnout';
import type { DispatchOrder, SupplyRequest } from '../../../shared/domain';
import { dutyConfigOf } from '../../../shared/duty/commands/alert-act';
import { nextPeriod, periodByKey, periodOf, previousPeriod, subPeriods, type Period } from '../../../shared/duty/periods';
import type { reportMethods } from '../../../shared/duty/report-api';
import { EmptyPeriodError, reportFigures, yearHeadline, type LedgerSample, type ReportData } from '../../../shared/duty/reports';
import { rollupOf, type SiteReadinessNow } from '../../../shared/duty/rollup';
import type { AlertRecord, Drill } from '../../../shared/duty/schema';
import type { UnitTree } from '../../../shared/scope/tree';
import type { HandlersOf } from '../board/handler-types';
import type { Db } from '../store/database';
import type { Outbox } from '../store/outbox';
import { readCursor, type ReplicaReader } from '../store/replica';
import { createBoardView, type BoardView } from '../store/view';

const DAY_MS = 86_400_000;

/**
 * How far before a period a request is looked for that was DELIVERED in it (reports.ts counts
 * deliveries and goods moved by when they arrived). The replica indexes requests by creation
 * only, so the deliveries are found among the requests of the 90 days before.
 * Hazard: a request delivered more than 90 days after it was made is missing from its
 * delivery period's figures (the division's slowest class, routine, is agreed in hours).
 */
export const DELIVERY_LOOKBACK_MS = 90 * DAY_MS;

/** The replica's rows of one time span (a year at the division's scale: ~18,000 requests, ~27,000 dispatch orders). */
type Mirror = { requests: SupplyRequest[]; dispatches: DispatchOrder[]; alerts: AlertRecord[]; drills: Drill[]; repairs: Repair[] | undefined };

const rows = <T>(list: { row: string }[]): T[] => list.map((r) => JSON.parse(r.row) as T);

const within = (t: number | null, span: { from: number; to: number }) => t !== null && t >= span.from && t < span.to;

/** The rows reportFigures could count in `span`: each figure counts a row by one of these times (reports.ts). */
function dataWithin(data: ReportData, span: { from: number; to: number }): ReportData {
  return {
    requests: data.requests.filter((r) => within(r.createdAt, span) || within(r.deliveredAt, span)),
    dispatches: data.dispatches.filter((x) => within(x.createdAt, span) || within(x.deliveredAt, span)),
    ...(data.alerts ? { alerts: data.alerts.filter((a) => within(a.raisedAt, span)) } : {}),
    ...(data.drills ? { drills: data.drills.filter((x) => within(x.startedAt, span)) } : {}),
    ...(data.ledger ? { ledger: data.ledger } : {}),
  };
}

/**
 * The division's reports (报表): a shift up to a year, its figures, its chart's buckets and
 * the annual report's headline, all from shared/duty/reports.ts. The period's rows are read
 * by SQL range on the replica (requests by creation, their dispatch orders, alerts by when
 * raised, drills by start, repairs back in the span) and the board's queued commands laid
 * over them, so the report shows what the board shows.
 *
 * The roll-up (station → county → city): the caller's unit and each unit directly under it,
 * over the same rows. A console below the city holds only its scope's rows, so its roll-up
 * covers exactly its subtree; the city's covers all.
 *
 * The ledger: a console keeps no daily history of readiness (the asset timeline is a ring of
 * eight steps), so readiness and turnout are one reading, now, in the period that holds now;
 * a past period has none (null: not known, not 0%). The repair cycle is exact for any period.
 */
export function createReportHandlers(d: {
  db: Db;
  replica: ReplicaReader;
  outbox: Outbox;
  now?: () => number;
  /** The command tree this cache holds and the unit a caller reports for (null: no tree; no roll-up). */
  rollupScope?: (ctx: CallerContext) => { tree: UnitTree; unitId: string } | null;
}): HandlersOf<typeof reportMethods> {
  const now = d.now ?? Date.now;
  const requestsCreated = d.db.prepare<[number, number], { row: string }>('SELECT row FROM request WHERE created_at >= ? AND created_at < ?');
  const requestsDeliveredLate = d.db.prepare<[number, number, number], { row: string }>(
    "SELECT row FROM request WHERE created_at >= ? AND created_at < ? AND status = 'delivered' AND json_extract(row, '$.deliveredAt') >= ?",
  );
  const dispatchesOfIds = d.db.prepare<[string], { row: string }>('SELECT row FROM dispatch WHERE request_id IN (SELECT value FROM json_each(?))');
  // The orders of the requests made in [from, to), fetched in rowid order (the order they were
  // pulled, near enough the order of their pages): joined straight, each row came by an index
  // probe in request order, and the encrypted pages were decrypted several times over.
  const dispatchesOf = d.db.prepare<[number, number], { row: string }>(
    'SELECT row FROM dispatch WHERE rowid IN (SELECT d.rowid FROM request r JOIN dispatch d ON d.request_id = r.key WHERE r.created_at >= ? AND r.created_at < ?)',
  );
  const alertsRaised = d.db.prepare<[number, number], { row: string }>('SELECT row FROM alert WHERE raised_at >= ? AND raised_at < ?');
  const drillsStarted = d.db.prepare<[number, number], { row: string }>('SELECT row FROM drill WHERE started_at >= ? AND started_at < ?');
  const anyRepair = d.db.prepare<[], { n: number }>('SELECT EXISTS (SELECT 1 FROM repair) OR EXISTS (SELECT 1 FROM asset_type) AS n');
  const repairsBack = d.db.prepare<[number, number], { row: string }>(
    "SELECT row FROM repair WHERE status = 'done' AND json_extract(row, '$.backAt') >= ? AND json_extract(row, '$.backAt') < ?",
  );
  const assetGroups = d.db.prepare<[], AssetGroup>('SELECT type_id, site_id, state, COUNT(*) AS n FROM asset GROUP BY type_id, site_id, state');

  // Readiness counts grouped once per pulled cursor, as readiness.summary does (the GROUP BY
  // over 90,000 assets is most of its cost). The period's rows are read on every call: a
  // console re-reads its report after each pull, which moves the cursor anyway.
  let ledger: { cursor: number; types: AssetType[]; groups: AssetGroup[] } | null = null;

  function readMirror(from: number, to: number): Mirror {
    const deliveredLate = rows<SupplyRequest>(requestsDeliveredLate.all(from - DELIVERY_LOOKBACK_MS, from, from));
    const requests = [...deliveredLate, ...rows<SupplyRequest>(requestsCreated.all(from, to))];
    const dispatches = [...rows<DispatchOrder>(dispatchesOfIds.all(JSON.stringify(deliveredLate.map((r) => r.id)))), ...rows<DispatchOrder>(dispatchesOf.all(from, to))];
    const repairs = anyRepair.get()!.n ? rows<Repair>(repairsBack.all(from, to)) : undefined;
    return { requests, dispatches, alerts: rows<AlertRecord>(alertsRaised.all(from, to)), drills: rows<Drill>(drillsStarted.all(from, to)), repairs };
  }

  /** The mirror's rows with the board's queued commands laid over (a delivery confirmed offline counts at once). */
  function shown<T extends { id: string }>(v: BoardView, table: 'request' | 'dispatch' | 'alert' | 'repair', list: readonly T[], keep: (row: T) => boolean): T[] {
    const touched = v.touched(table);
    if (touched.size === 0) return [...list];
    const byId = new Map(list.map((r) => [r.id, r]));
    for (const id of touched) {
      const row = v.tx.get(table, id) as T | undefined;
      if (row && keep(row)) byId.set(id, row);
      else byId.delete(id);
    }
    return [...byId.values()];
  }

  /** Readiness and turnout now, as one sample each (null when the board has no ledger / no fleet). */
  function ledgerNow(v: BoardView, at: number): { readiness?: LedgerSample[]; turnout?: LedgerSample[]; bySite?: SiteReadinessNow[] } {
    const cursor = readCursor(d.db);
    if (!ledger || ledger.cursor !== cursor) ledger = { cursor, types: d.replica.all('asset_type'), groups: assetGroups.all() };
    const out: { readiness?: LedgerSample[]; turnout?: LedgerSample[]; bySite?: SiteReadinessNow[] } = {};
    if (ledger.types.length > 0) {
      const index = readinessFromGroups(ledger.types, ledger.groups);
      for (const id of v.touched('asset')) index.apply(d.replica.get('asset', id) ?? null, (v.tx.get('asset', id) as Asset | undefined) ?? null);
      const all = index.overall();
      out.readiness = [{ at, ready: all.ready, inService: all.inService }];
      // Each site's, with its unit: the roll-up's readiness rows.
      const unitOfSite = new Map(v.sites().map((s) => [s.id, s.unitId]));
      out.bySite = index.bySite().map((r) => ({ unitId: unitOfSite.get(r.key), ready: r.ready, inService: r.inService }));
    }
    const vehicles = v.vehicles();
    if (vehicles.length > 0) {
      const t = turnoutReadiness(vehicles).overall;
      out.turnout = [{ at, ready: t.ready, inService: t.inService }];
    }
    return out;
  }

  function periodFor(kind: Period['kind'], key: string | undefined, at: number, cfg: ReturnType<typeof dutyConfigOf>): Period {
    if (key === undefined) return periodOf(kind, at, cfg);
    const p = periodByKey(kind, key, cfg);
    if (p) return p;
    // A well-formed shift id the settings give no length that day (a shift inside an hour a
    // daylight-saving change skips): a period, but an empty one.
    const m = kind === 'shift' ? /^(\d{4}-\d{2}-\d{2})\/(.+)$/.exec(key) : null;
    if (m && cfg.shifts.some((s) => s.id === m[2]) && periodByKey('day', m[1]!, cfg)) throw new BoardError('empty_period', `the shift ${key} has no length that day`, { period: key });
    throw new BoardError('bad_request', `'${key}' does not name a ${kind} (e.g. 2026, 2026-H2, 2026-Q4, 2026-12, 2026-12-03, 2026-12-03/day)`, { kind, key });
  }

  return {
    'report.figures': (ctx, { kind, key }) => {
      const at = now();
      const v = createBoardView(d.replica, d.outbox.unreflected());
      const cfg = dutyConfigOf(v.tx);
      const period = periodFor(kind, key, at, cfg);
      if (!(period.from < period.to)) throw new BoardError('empty_period', `the period ${period.key} has no length`, { period: period.key });
      const buckets = subPeriods(period, cfg);
      // A day's buckets are its shifts, whole: the night of its last one runs into the next day.
      const from = Math.min(period.from, ...buckets.map((b) => b.from));
      const to = Math.max(period.to, ...buckets.map((b) => b.to));
      const m = readMirror(from, to);
      const inSpan = (t: number) => t >= from - DELIVERY_LOOKBACK_MS && t < to;
      const requests = shown(v, 'request', m.requests, (r) => inSpan(r.createdAt));
      const ids = new Set(requests.map((r) => r.id));
      const current = period.from <= at && at < period.to;
      const reading = current ? ledgerNow(v, at) : {};
      const data: ReportData = {
        requests,
        dispatches: shown(v, 'dispatch', m.dispatches, (x) => ids.has(x.requestId)),
        alerts: shown(v, 'alert', m.alerts, (a) => a.raisedAt >= from && a.raisedAt < to),
        drills: m.drills,
        ledger: {
          ...(reading.readiness ? { readiness: reading.readiness } : {}),
          ...(reading.turnout ? { turnout: reading.turnout } : {}),
          ...(m.repairs ? { repairs: shown(v, 'repair', m.repairs, (r) => r.backAt !== null && r.backAt >= from && r.backAt < to) } : {}),
        },
      };
      try {
        const figures = reportFigures(period, data, cfg);
        // Each bucket is handed only the rows that fall in it (made, raised, started or delivered
        // there): the same figures, without every bucket reading the whole year.
        const series = buckets.map((b) => ({ bucketKey: b.key, from: b.from, to: b.to, figures: reportFigures(b, dataWithin(data, b), cfg) }));
        const scope = d.rollupScope?.(ctx) ?? null;
        const rollup = scope && scope.tree.nodes.has(scope.unitId) ? rollupOf(scope.tree, scope.unitId, period, data, cfg, reading.bySite) : null;
        const moved = new Set([...figures.moved, ...series.flatMap((s) => s.figures.moved)].map((x) => x.itemId));
        const itemNames = Object.fromEntries(
          d.replica
            .items()
            .filter((i) => moved.has(i.id))
            .map((i) => [i.id, { name: i.name, nameEn: i.nameEn, unit: i.unit, unitEn: i.unitEn }]),
        );
        return {
          period,
          previous: previousPeriod(period, cfg).key,
          next: nextPeriod(period, cfg).key,
          timeZone: cfg.timeZone,
          current,
          figures,
          series,
          headline: kind === 'year' ? yearHeadline(figures) : null,
          ledgerAt: current && (data.ledger?.readiness || data.ledger?.turnout) ? at : null,
          rollup,
          itemNames,
        };
      } catch (e) {
        if (e instanceof EmptyPeriodError) throw new BoardError('empty_period', e.message, { period: period.key });
        throw e;
      }
    },
  };
}
