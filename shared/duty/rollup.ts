import type { UnitTree } from '../scope/tree';
import type { Unit } from '../scope/schema';
import { reportFigures, type ClassFigures, type ReportData, type ReportFigures } from './reports';
import type { DutyConfig } from './schema';

/**
 * The roll-up of a report (multi-level command, 每月一调度、每季度一总结): station → county →
 * city. A console's report gains its own unit's figures and one row per child unit (the city:
 * its counties; a county: its stations and its own posts; a station: its posts), each the same
 * key figures reports.ts computes, over the rows whose unit lies in that child's subtree.
 *
 * Which row a thing counts in:
 * - a request by its `unitId`: the unit itself → its own row; a unit under a child → that
 *   child's row (a grandchild counts once, in its child's row); no `unitId` (a row from before
 *   the tree) → the console's own unit, whose scope the cache holds;
 * - a dispatch order by its request's unit (an order has no unit of its own; one whose request
 *   is not in the data counts as the console's own);
 * - an alert by its `unitId`, as a request.
 * A unit outside the subtree, or unknown to the tree (since removed), is not counted anywhere:
 * `outside` says how many requests made in the period were left out, so the roll-up's total
 * and the report's headline figures can be told apart. Own + children = total, for every count.
 *
 * Equipment readiness is rolled up by the unit of the site each asset is kept at, for the period
 * that holds now (`readinessBySite`: the ledger is one reading, now). Turnout, repairs and drills
 * are not rolled up.
 */

/** The figures a roll-up row carries: what the division's review compares between units. */
export type RollupFigures = Pick<ReportFigures, 'requests' | 'dispatches' | 'delivered' | 'onTime' | 'late' | 'onTimeShare' | 'avgRequestToArrivalS' | 'p90RequestToArrivalS'> & {
  /** The emergency class (the 30-minute promise): its deliveries, on-time share and average. */
  emergency: ClassFigures;
  /** Null when the report was given no alerts (not known, not 0). */
  alerts: { raised: number; overdue: number } | null;
  /**
   * Equipment readiness now (装备完好率: ready of in service), by where the assets are kept; null
   * when the report has no reading (a past period: the ledger keeps no history; no ledger).
   */
  readiness: { ready: number; inService: number; rate: number | null } | null;
};

export type RollupUnit = Pick<Unit, 'id' | 'kind' | 'name' | 'nameEn'>;

export type Rollup = {
  /** The console's unit, whose figures these are. */
  unit: RollupUnit;
  /** Everything counted: its own row plus every child's. */
  total: RollupFigures;
  /** The unit's own rows (and those with no unit). */
  own: RollupFigures;
  /** One row per child unit, in tree order (the tree's children, by id): every child, an idle one too. */
  children: { unit: RollupUnit; figures: RollupFigures }[];
  /** Requests made in the period whose unit lies outside the subtree: not counted above. */
  outside: number;
};

export class UnknownRollupUnitError extends RangeError {
  readonly code = 'unknown_unit';
  constructor(unitId: string) {
    super(`there is no unit ${unitId} in the command tree to roll a report up to`);
  }
}

const OWN = '';

const unitRef = (u: Unit): RollupUnit => ({ id: u.id, kind: u.kind, name: u.name, nameEn: u.nameEn });

/** One site's equipment now, with the site's unit: what the readiness roll-up adds up. */
export type SiteReadinessNow = { unitId: string | undefined; ready: number; inService: number };

const readinessOf = (sites: readonly SiteReadinessNow[]): RollupFigures['readiness'] => {
  const ready = sites.reduce((n, s) => n + s.ready, 0);
  const inService = sites.reduce((n, s) => n + s.inService, 0);
  return { ready, inService, rate: inService > 0 ? ready / inService : null };
};

export function rollupFiguresOf(f: ReportFigures, readiness: RollupFigures['readiness'] = null): RollupFigures {
  return {
    requests: f.requests,
    dispatches: f.dispatches,
    delivered: f.delivered,
    onTime: f.onTime,
    late: f.late,
    onTimeShare: f.onTimeShare,
    avgRequestToArrivalS: f.avgRequestToArrivalS,
    p90RequestToArrivalS: f.p90RequestToArrivalS,
    emergency: f.byClass.emergency,
    alerts: f.alerts && { raised: f.alerts.raised, overdue: f.alerts.overdue },
    readiness,
  };
}

/**
 * Which row of `unitId`'s roll-up a thing of unit `of` counts in: OWN (the unit itself, or no
 * unit), a child's id, or null (outside the subtree, or unknown). Memoised: a year holds ~18,000
 * requests over ~200 units.
 */
function rowFinder(tree: UnitTree, unitId: string): (of: string | undefined) => string | null {
  const scope = tree.nodes.get(unitId)!;
  const children = scope.children.map((id) => tree.nodes.get(id)!);
  const memo = new Map<string, string | null>();
  return (of) => {
    if (of === undefined || of === unitId) return OWN;
    let row = memo.get(of);
    if (row !== undefined) return row;
    const node = tree.nodes.get(of);
    row = null;
    if (node && node.enter > scope.enter && node.enter <= scope.exit) {
      // Under the scope and not the scope itself: under exactly one child (preorder spans nest).
      row = children.find((c) => node.enter >= c.enter && node.enter <= c.exit)!.unit.id;
    }
    memo.set(of, row);
    return row;
  };
}

/**
 * The roll-up of [period.from, period.to) for `unitId`'s console; `readinessBySite`: each site's
 * equipment now, for the period that holds now (none: no readiness rows). Throws
 * UnknownRollupUnitError for a unit the tree does not hold.
 */
export function rollupOf(tree: UnitTree, unitId: string, period: { from: number; to: number }, data: ReportData, cfg: DutyConfig, readinessBySite?: readonly SiteReadinessNow[]): Rollup {
  const scope = tree.nodes.get(unitId);
  if (!scope) throw new UnknownRollupUnitError(unitId);
  const rowOf = rowFinder(tree, unitId);
  const keys = [OWN, ...scope.children];
  const groups = new Map<string | null, { requests: ReportData['requests'][number][]; dispatches: ReportData['dispatches'][number][]; alerts: NonNullable<ReportData['alerts']>[number][] }>(
    [...keys, null].map((k) => [k, { requests: [], dispatches: [], alerts: [] }]),
  );
  const requestRow = new Map<string, string | null>();
  for (const r of data.requests) {
    const row = rowOf(r.unitId);
    requestRow.set(r.id, row);
    groups.get(row)!.requests.push(r);
  }
  for (const x of data.dispatches) {
    const row = requestRow.has(x.requestId) ? requestRow.get(x.requestId)! : OWN;
    groups.get(row)!.dispatches.push(x);
  }
  for (const a of data.alerts ?? []) groups.get(rowOf(a.unitId))!.alerts.push(a);

  const figuresOf = (g: NonNullable<ReturnType<typeof groups.get>>) =>
    reportFigures(period, { requests: g.requests, dispatches: g.dispatches, ...(data.alerts ? { alerts: g.alerts } : {}) }, cfg);
  const counted = keys.map((k) => groups.get(k)!);
  const total = figuresOf({ requests: counted.flatMap((g) => g.requests), dispatches: counted.flatMap((g) => g.dispatches), alerts: counted.flatMap((g) => g.alerts) });
  // Readiness by the row of each site's unit (a site outside the subtree is not counted).
  const sitesOf = new Map<string | null, SiteReadinessNow[]>([...keys, null].map((k) => [k, []]));
  for (const site of readinessBySite ?? []) sitesOf.get(rowOf(site.unitId))!.push(site);
  const readinessRow = (k: string) => (readinessBySite ? readinessOf(sitesOf.get(k)!) : null);
  return {
    unit: unitRef(scope.unit),
    total: rollupFiguresOf(total, readinessBySite ? readinessOf(keys.flatMap((k) => sitesOf.get(k)!)) : null),
    own: rollupFiguresOf(figuresOf(groups.get(OWN)!), readinessRow(OWN)),
    children: scope.children.map((id) => ({ unit: unitRef(tree.nodes.get(id)!.unit), figures: rollupFiguresOf(figuresOf(groups.get(id)!), readinessRow(id)) })),
    outside: figuresOf(groups.get(null)!).requests,
  };
}
