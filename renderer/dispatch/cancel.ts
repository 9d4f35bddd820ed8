import type { DispatchOrder, SupplyRequest } from '../../shared/domain';
import { dispatchTarget, isActive, requestTarget } from './queue';

/**
 * Cancelling a request (and its dispatch orders) or one dispatch order: what the officer
 * chose, and the check of the reason they give. The backend checks again; a refusal
 * (delivered meanwhile, already loaded) comes back as a coded error.
 */
export type CancelIntent =
  | { kind: 'request'; requestId: string }
  | { kind: 'dispatch'; dispatchId: string }
  /** A supervisor refusing an order awaiting approval (dispatch.refuse): the same dialog, a reason required. */
  | { kind: 'refuse'; dispatchId: string }
  /** Passing a request up to the city (request.escalate): a reason chosen, a note optional. */
  | { kind: 'escalate'; requestId: string };

/** The board API's bound (request.cancel / dispatch.cancel `reason`). */
export const MAX_CANCEL_REASON = 200;

export type CancelReasonCheck = { ok: true; reason: string } | { ok: false; key: 'noReason' } | { ok: false; key: 'reasonTooLong'; max: number };

/** A reason is required: the cancel goes into the audit log and the handover. */
export function checkCancelReason(text: string): CancelReasonCheck {
  const reason = text.trim();
  if (reason === '') return { ok: false, key: 'noReason' };
  if (reason.length > MAX_CANCEL_REASON) return { ok: false, key: 'reasonTooLong', max: MAX_CANCEL_REASON };
  return { ok: true, reason };
}

/** Whether a request can still be cancelled: not delivered, not cancelled. */
export const canCancelRequest = (r: Pick<SupplyRequest, 'status'>): boolean => isActive(r);
/** Whether a dispatch order can still be cancelled: on its way, or still awaiting approval (the planner withdraws it). */
export const canCancelDispatch = (d: Pick<DispatchOrder, 'status'>): boolean => d.status === 'enroute' || d.status === 'awaiting_approval';

/** The pending-mark target of what a cancel touches (named as the backend names it). */
export function cancelTarget(intent: CancelIntent): string {
  return intent.kind === 'request' || intent.kind === 'escalate' ? requestTarget(intent.requestId) : dispatchTarget(intent.dispatchId);
}
