import type { Role } from '../auth/roles';
import type { ScopeSettings } from './schema';
import { ancestors, countyOf, inSubtree, type UnitTree } from './tree';

/**
 * Who sees what, who may draw from whom, and which allocation waits for whose approval
 * (multi-level command). Pure: the central partitions its feed with them, the planner asks
 * them of each plan, and the approval commands check them again.
 */

/**
 * What a row is, as far as scope cares. The issue names three things a console shows beyond
 * its own subtree: the supply sites a station may draw from, and — when the setting allows —
 * its neighbours' sites and vehicles. Everything else (requests, alerts, users, the readiness
 * ledger: assets, their steps, repairs and storage readings, by the site they are kept at; the
 * shift handovers, by the unit whose shift it was; the audit log's entries and the link drills,
 * by the unit of the officer who acted) is its own or not shown at all.
 */
export const SCOPED_ROW_KINDS = ['supplySite', 'stationSite', 'vehicle', 'request', 'alert', 'user', 'ledger', 'handover', 'audit', 'drill'] as const;
export type ScopedRowKind = (typeof SCOPED_ROW_KINDS)[number];
export type ScopedRow = { unitId: string; kind: ScopedRowKind };

/**
 * - own: the console's to see and act on;
 * - source: a depot or quick-pick point of the console's own county that it may draw from
 *   without approval — shown in full, read-only (its stock is adjusted by its owner);
 * - neighbour: shown faded and read-only;
 * - hidden: never sent to the console.
 */
export type Visibility = 'own' | 'source' | 'neighbour' | 'hidden';

const NEIGHBOUR_KINDS: ReadonlySet<ScopedRowKind> = new Set(['supplySite', 'stationSite', 'vehicle']);

/**
 * How a console of `consoleUnitId` sees a row.
 * - own: the row's unit is the console's unit or under it (the city sees everything as own);
 * - source: a supply site in the console's county, outside its own subtree, that it may draw
 *   from (`mayDrawFrom` says own_county) — a station sees its county's depots and quick-pick
 *   points, a post sees what its station sees;
 * - neighbour: with settings.showNeighbours, a site or vehicle under the console's parent but
 *   not under the console: the sibling units' subtrees, and what the parent owns itself (a
 *   station sees the other stations of its county; a county the other counties and the city's
 *   own). Never a request, alert or user: neighbours' work is not a console's business;
 * - hidden: everything else, and any row of a unit the tree does not know.
 */
export function visibility(tree: UnitTree, settings: ScopeSettings, consoleUnitId: string, row: ScopedRow): Visibility {
  if (!tree.nodes.has(row.unitId) || !tree.nodes.has(consoleUnitId)) return 'hidden';
  if (inSubtree(tree, consoleUnitId, row.unitId)) return 'own';
  if (row.kind === 'supplySite' && mayDrawFrom(tree, consoleUnitId, row.unitId) === 'own_county') return 'source';
  const parentId = tree.nodes.get(consoleUnitId)!.unit.parentId;
  if (settings.showNeighbours && parentId !== null && NEIGHBOUR_KINDS.has(row.kind) && inSubtree(tree, parentId, row.unitId)) return 'neighbour';
  return 'hidden';
}

export type DrawRight = 'own_county' | 'cross_county' | 'not_allowed';

/**
 * Whether a request of `requestUnitId` may take stock from a site of `siteUnitId`.
 * - own_county: the site is in the request's county (the county's own, or any of its
 *   stations' or posts'): planned without approval. A post draws as its station does, since
 *   both are in the same county.
 * - cross_county: the site is in another county, or the city owns it itself (the city's
 *   reserve is the city's to hand out): only as a cross-county plan, approved by the city.
 * - not_allowed: a unit the tree does not know, or a request of the city itself — a request
 *   belongs to the unit of its destination (`checkDestination`), which is at least a county.
 */
export function mayDrawFrom(tree: UnitTree, requestUnitId: string, siteUnitId: string): DrawRight {
  if (!tree.nodes.has(siteUnitId)) return 'not_allowed';
  const county = countyOf(tree, requestUnitId);
  if (county === null) return 'not_allowed';
  return countyOf(tree, siteUnitId) === county ? 'own_county' : 'cross_county';
}

/**
 * Why an allocation waits (each shown with it to the approver and to everyone involved):
 * - cross_county: it takes stock from outside the request's county;
 * - in_county_late: why it went outside — no in-county plan met the deadline;
 * - below_safety: it takes a site below its safety stock;
 * - large_allocation: it moves settings.largeAllocationUnits pieces or more.
 */
export type ApprovalReason = 'cross_county' | 'in_county_late' | 'below_safety' | 'large_allocation';
export type Approver = { level: 'city' | 'county'; unitId: string };
export type ApprovalNeeded = { approver: Approver | null; reasons: ApprovalReason[] };
export type AllocationSource = { siteUnitId: string; units: number; belowSafety: boolean };
export type Allocation = {
  requestUnitId: string;
  sources: readonly AllocationSource[];
  meetsDeadlineInCounty: boolean;
  /** Pieces already on their way (or waiting) for the same request: a plan's runs are judged one order at a time, and the large-allocation threshold counts the request's whole take. */
  alreadyAllocated?: number;
};

/**
 * Whose approval an allocation (a plan's sources) needs before it runs. One approver, the
 * highest any reason asks for:
 * - a cross-county plan waits for a city supervisor (the step 2). When no in-county
 *   plan met the deadline, in_county_late says so beside it; otherwise the planner went out of
 *   the county to spare a depot's safety stock, and cross_county alone says enough;
 * - a plan that takes a site below its safety stock: within the county that is the duty
 *   officer's call, confirmed on the plan as it always was (the planner then offers a
 *   cross-county plan that spares the reserve beside it, which the city approves); a
 *   cross-county plan that eats another county's reserve says so to the city (below_safety
 *   beside cross_county), and an in-county plan that waits anyway (large) says so too;
 * - a large allocation (the total of all its sources ≥ the threshold, so that splitting a load
 *   over sites does not dodge it) needs the supervisor of the level that owns the stock: the
 *   county when every source is the county's own, else the city (stock of several counties, or
 *   the city's own, has the city as its only common owner).
 * A source the request may not draw from at all is refused: no approval makes it right.
 */
export function approvalNeeded(tree: UnitTree, settings: ScopeSettings, allocation: Allocation): ApprovalNeeded | { code: 'not_allowed'; message: string } {
  const rights = allocation.sources.map((s) => mayDrawFrom(tree, allocation.requestUnitId, s.siteUnitId));
  const refused = rights.findIndex((r) => r === 'not_allowed');
  if (refused >= 0) {
    const site = allocation.sources[refused]!.siteUnitId;
    return { code: 'not_allowed', message: `a request of ${allocation.requestUnitId} may not draw from ${site}` };
  }
  const crossCounty = rights.includes('cross_county');
  const reasons: ApprovalReason[] = [];
  if (crossCounty) reasons.push('cross_county');
  if (crossCounty && !allocation.meetsDeadlineInCounty) reasons.push('in_county_late');
  const belowSafety = allocation.sources.some((s) => s.belowSafety);
  const total = (allocation.alreadyAllocated ?? 0) + allocation.sources.reduce((sum, s) => sum + s.units, 0);
  const large = total >= settings.largeAllocationUnits;
  // Below safety alone is no reason to wait within the county; it is said wherever the plan waits anyway.
  if (belowSafety && (crossCounty || large)) reasons.push('below_safety');
  if (large) reasons.push('large_allocation');
  if (reasons.length === 0) return { approver: null, reasons };
  // Every reason left is the county's when the plan stays in the county; any reason is the city's when it does not.
  const approver: Approver = crossCounty ? { level: 'city', unitId: tree.rootId } : { level: 'county', unitId: countyOf(tree, allocation.requestUnitId)! };
  return { approver, reasons };
}

export type ApprovingOfficer = { role: Role; unitId: string };

/**
 * Whether an officer may approve (or refuse) what `needed` asks for: a supervisor of the unit
 * named or of a unit above it (a city supervisor may stand in for a county's). Never a duty
 * officer or any other role, never a supervisor of another county or of a station below.
 * Nothing to approve is true for any supervisor.
 */
export function mayApprove(tree: UnitTree, officer: ApprovingOfficer, needed: { approver: Approver | null }): true | { code: 'no_authority'; message: string } {
  if (officer.role !== 'supervisor') return { code: 'no_authority', message: `a ${officer.role} approves no allocation: only a supervisor does` };
  if (!tree.nodes.has(officer.unitId)) return { code: 'no_authority', message: `the officer's unit ${officer.unitId} is not in the command tree` };
  if (!needed.approver) return true;
  const { unitId, level } = needed.approver;
  if (officer.unitId === unitId || ancestors(tree, unitId).includes(officer.unitId)) return true;
  return { code: 'no_authority', message: `this approval is for a supervisor of the ${level} ${unitId} or above; ${officer.unitId} is neither` };
}
