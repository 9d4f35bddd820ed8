import type { ApplyCtx, TableTx } from '../commands/module';
import { DEFAULT_SCOPE_SETTINGS } from '../scope/schema';
import { approvalNeeded, mayApprove, type ApprovalNeeded } from '../scope/rules';
import { checkDestination } from '../scope/tree';
import type { DispatchApproval, DispatchOrder, SupplyRequest } from './schema';

/**
 * Which dispatch orders wait for a supervisor (multi-level command): the facts of one order
 * read from the tables — whose stock it takes, whether that leaves a site below its safety
 * stock, how much the request has already been given — put to the pure rules of
 * shared/scope/rules.ts. Used by dispatch.create (does it run, or wait?) and by the approval
 * commands (may this officer decide it?), on the central and on the board's view alike.
 */

/** The unit a request belongs to: its own (the central stamps it), else the unit its destination lies in. */
export function requestUnit(ctx: Pick<ApplyCtx, 'units'>, request: Pick<SupplyRequest, 'unitId'> & { destination: { lon: number; lat: number } }): string | null {
  if (!ctx.units) return null;
  if (request.unitId && ctx.units.nodes.has(request.unitId)) return request.unitId;
  const where = checkDestination(ctx.units, request.destination.lon, request.destination.lat);
  return where.ok ? where.unitId : null;
}

/**
 * What an order (before its stock is taken) needs: null when nothing waits (no tree, or a
 * request no unit answers for — as before units existed), `not_allowed` when it draws from a
 * unit the tree does not know, else the approver and the reasons (approver null: it runs).
 * - cross_county: a site of another county, or the city's own;
 * - in_county_late: the request was passed up because no in-county plan met its deadline, or
 *   the planner says none did (`inCountyLate`);
 * - below_safety: a site left below its safety stock by this order;
 * - large_allocation: this order and the request's other live orders together reach the threshold.
 */
export function approvalFor(
  tx: TableTx,
  ctx: Pick<ApplyCtx, 'units' | 'scopeSettings'>,
  request: Pick<SupplyRequest, 'id' | 'unitId' | 'escalation'> & { destination: { lon: number; lat: number } },
  order: Pick<DispatchOrder, 'id' | 'pickups'>,
  inCountyLate = false,
): ApprovalNeeded | { code: 'not_allowed'; message: string } | null {
  const tree = ctx.units;
  const requestUnitId = requestUnit(ctx, request);
  if (!tree || requestUnitId === null) return null;
  const bySite = new Map<string, Map<string, number>>();
  for (const p of order.pickups) {
    const items = bySite.get(p.siteId) ?? new Map<string, number>();
    items.set(p.itemId, (items.get(p.itemId) ?? 0) + p.quantity);
    bySite.set(p.siteId, items);
  }
  const sources = [...bySite].map(([siteId, items]) => {
    let pieces = 0;
    let belowSafety = false;
    for (const [itemId, qty] of items) {
      pieces += qty;
      const s = tx.get('stock', `${siteId}/${itemId}`);
      if (s && s.safetyLevel > 0 && s.quantity - qty < s.safetyLevel) belowSafety = true;
    }
    // A site without a unit is the city's own (as the central stamps it).
    return { siteUnitId: tx.get('site', siteId)?.unitId ?? tree.rootId, units: pieces, belowSafety };
  });
  let alreadyAllocated = 0;
  for (const d of tx.where('dispatch', 'request_id', request.id)) {
    if (d.id === order.id || d.status === 'cancelled') continue;
    for (const p of d.pickups) alreadyAllocated += p.quantity;
  }
  return approvalNeeded(tree, ctx.scopeSettings ?? DEFAULT_SCOPE_SETTINGS, {
    requestUnitId,
    sources,
    meetsDeadlineInCounty: !inCountyLate && request.escalation?.reason !== 'no_plan_in_time',
    alreadyAllocated,
  });
}

/** A new approval record for an order that must wait. */
export function pendingApproval(needed: ApprovalNeeded & { approver: NonNullable<ApprovalNeeded['approver']> }, at: number, by: string): DispatchApproval {
  return { level: needed.approver.level, unitId: needed.approver.unitId, reasons: needed.reasons, requestedAt: at, requestedBy: by, decision: null, decidedAt: null, decidedBy: null, note: '' };
}

/**
 * Whether the officer applying a decision may take it. The central always knows the officer
 * (`ctx.officer`; null for the workstation's own actor, who decides nothing); a board's view
 * does not, and leaves the check to the backend's handler (which checks before queuing) and
 * the central.
 */
export function decisionAllowed(ctx: Pick<ApplyCtx, 'units' | 'officer'>, approval: DispatchApproval): true | { code: 'no_authority'; message: string } {
  if (ctx.officer === undefined) return true;
  if (ctx.officer === null) return { code: 'no_authority', message: 'only a supervisor approves or refuses a plan, never the workstation itself' };
  if (!ctx.units) return ctx.officer.role === 'supervisor' ? true : { code: 'no_authority', message: `a ${ctx.officer.role} approves no allocation: only a supervisor does` };
  return mayApprove(ctx.units, ctx.officer, { approver: { level: approval.level, unitId: approval.unitId } });
}

/** How long an order waited for its decision so far (ms): counted against the request's deadline. */
export const waitedMs = (approval: Pick<DispatchApproval, 'requestedAt' | 'decidedAt'>, now: number): number => Math.max(0, (approval.decidedAt ?? now) - approval.requestedAt);

/** A vehicle held by an order awaiting approval is not free for another plan. */
export const heldForApproval = (tx: TableTx, vehicleId: string): DispatchOrder | undefined => tx.where('dispatch', 'vehicle_id', vehicleId).find((d) => d.status === 'awaiting_approval');
