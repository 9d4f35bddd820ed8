import { z } from 'zod';
import { applied, defineCommand, refuse, type ApplyCtx, type TableTx } from '../../commands/module';
import { decisionAllowed, waitedMs } from '../approval';
import { ESCALATION_REASONS, type DispatchOrder } from '../schema';
import { callOff, closeIfDone } from '../trips';

/**
 * A supervisor's decision on a dispatch order awaiting approval (multi-level command): approve
 * and it runs (its vehicle leaves, the waiting counted against the request's deadline by
 * moving its promised arrival), refuse and its stock goes back and its vehicle is free. Only a
 * supervisor of the approving unit or one above it decides (shared/scope/rules.ts mayApprove);
 * anyone else is refused `no_authority`, and the refusal is on their audit chain.
 */
/**
 * Whether an order may be decided now, by this officer: it exists, needed approval, is still
 * waiting, and the officer may decide it. The commands' rules, and the board's check before queuing.
 */
export function awaitingDecision(tx: TableTx, dispatchId: string, ctx: Pick<ApplyCtx, 'units' | 'officer'>): { ok: true; d: DispatchOrder & { approval: NonNullable<DispatchOrder['approval']> } } | { ok: false; code: string; reason: string } {
  const d = tx.get('dispatch', dispatchId);
  if (!d) return { ok: false, code: 'not_found', reason: `no dispatch ${dispatchId}` };
  if (!d.approval) return { ok: false, code: 'not_awaiting', reason: 'this order needed no approval' };
  if (d.status !== 'awaiting_approval') {
    const by = d.approval.decidedBy ? ` by ${d.approval.decidedBy}` : '';
    return { ok: false, code: 'already_decided', reason: `the order was already ${d.approval.decision ?? d.status}${by}` };
  }
  const may = decisionAllowed(ctx, d.approval);
  if (may !== true) return { ok: false, code: may.code, reason: may.message };
  return { ok: true, d: d as DispatchOrder & { approval: NonNullable<DispatchOrder['approval']> } };
}

export const dispatchApprove = defineCommand({
  type: 'dispatch.approve',
  domain: 'dispatch',
  payload: z.strictObject({ dispatchId: z.uuid(), note: z.string().max(500) }),
  permission: 'dispatch.approve',
  target: (p) => `dispatch:${p.dispatchId}`,
  apply(tx, p, ctx) {
    const found = awaitingDecision(tx, p.dispatchId, ctx);
    if (!found.ok) return refuse(found.code, found.reason);
    const { d } = found;
    const req = tx.get('request', d.requestId);
    if (!req) return refuse('not_found', `no request ${d.requestId}`);
    if (req.status === 'delivered' || req.status === 'cancelled') return refuse('request_closed', `request is ${req.status}`);
    const v = tx.get('vehicle', d.vehicleId);
    if (!v) return refuse('not_found', `no vehicle ${d.vehicleId}`);
    if (v.status !== 'available') return refuse('vehicle_unavailable', `${v.plate} is ${v.status} now, not available: refuse this plan and plan again`);
    const decided = { ...d.approval, decision: 'approved' as const, decidedAt: ctx.at, decidedBy: ctx.by ?? 'system', note: p.note };
    // The wait is the request's: the promise moves by it, so the queue says late when the wait made it late.
    tx.put('vehicle', { ...v, status: 'enroute' });
    tx.put('dispatch', { ...d, status: 'enroute', predictedArrivalAt: d.predictedArrivalAt + waitedMs(decided, ctx.at), approval: decided });
    if (req.status === 'open') tx.put('request', { ...req, status: 'dispatched' });
    return applied;
  },
  refusals: ['not_found', 'not_awaiting', 'already_decided', 'no_authority', 'request_closed', 'vehicle_unavailable'],
  overlay: 'apply',
  describe: (p) => ({ key: 'dispatchApprove', params: { dispatch: { ref: 'dispatch', id: p.dispatchId } } }),
  serverRow: (tx, p) => tx.get('dispatch', p.dispatchId) ?? null,
});

export const dispatchRefuse = defineCommand({
  type: 'dispatch.refuse',
  domain: 'dispatch',
  payload: z.strictObject({ dispatchId: z.uuid(), note: z.string().trim().min(1).max(500) }),
  permission: 'dispatch.approve',
  target: (p) => `dispatch:${p.dispatchId}`,
  apply(tx, p, ctx) {
    const found = awaitingDecision(tx, p.dispatchId, ctx);
    if (!found.ok) return refuse(found.code, found.reason);
    const { d } = found;
    // The stock set aside goes back, the vehicle was never taken; the request needs another plan.
    callOff(tx, d);
    tx.put('dispatch', { ...d, status: 'cancelled', approval: { ...d.approval, decision: 'refused', decidedAt: ctx.at, decidedBy: ctx.by ?? 'system', note: p.note } });
    closeIfDone(tx, d.requestId, ctx.at);
    return applied;
  },
  refusals: ['not_found', 'not_awaiting', 'already_decided', 'no_authority'],
  overlay: 'apply',
  describe: (p) => ({ key: 'dispatchRefuse', params: { dispatch: { ref: 'dispatch', id: p.dispatchId }, note: p.note } }),
  serverRow: (tx, p) => tx.get('dispatch', p.dispatchId) ?? null,
});

/**
 * Pass an open request up to the city (上报): its county cannot meet it with its own stock and
 * vehicles. The request stays its unit's; the city's console plans it across counties, and
 * `no_plan_in_time` is shown to the approver as the reason the plan left the county. The
 * city itself has no one to pass it to.
 */
export const requestEscalate = defineCommand({
  type: 'request.escalate',
  domain: 'dispatch',
  payload: z.strictObject({ requestId: z.uuid(), reason: z.enum(ESCALATION_REASONS), note: z.string().max(500) }),
  permission: 'dispatch.write',
  target: (p) => `request:${p.requestId}`,
  apply(tx, p, ctx) {
    const req = tx.get('request', p.requestId);
    if (!req) return refuse('not_found', `no request ${p.requestId}`);
    if (req.status !== 'open' && req.status !== 'dispatched') return refuse('request_closed', `request is ${req.status}`);
    if (ctx.officer && ctx.units && ctx.officer.unitId === ctx.units.rootId) return refuse('nothing_above', 'the city command has no one above it to pass a request to');
    if (req.escalation) return applied;
    tx.put('request', { ...req, escalation: { at: ctx.at, by: ctx.by ?? 'system', reason: p.reason, note: p.note } });
    return applied;
  },
  refusals: ['not_found', 'request_closed', 'nothing_above'],
  overlay: 'apply',
  describe: (p) => ({ key: 'requestEscalate', params: { request: { ref: 'request', id: p.requestId } } }),
  serverRow: (tx, p) => tx.get('request', p.requestId) ?? null,
});
