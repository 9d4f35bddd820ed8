import { z } from 'zod';
import { ALERT_LEVELS } from '../alerts/levels';
import { REQUEST_CLASSES } from '../duty/schema';
import { entityId, epochMs, lat, lon, quantity } from '../schema-parts';

export const REQUEST_STATUSES = ['open', 'dispatched', 'delivered', 'cancelled'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Why a console below the city passed a request up (上报): it cannot meet it with its own county's stock and vehicles. */
export const ESCALATION_REASONS = ['no_plan_in_time', 'stock_short', 'other'] as const;
export const requestEscalationSchema = z.strictObject({
  at: epochMs,
  by: z.string().max(100),
  reason: z.enum(ESCALATION_REASONS),
  note: z.string().max(500),
});
export type RequestEscalation = z.infer<typeof requestEscalationSchema>;

/** A supply request (物资需求): what is needed where, by when. */
export const supplyRequestSchema = z.strictObject({
  id: z.uuid(),
  destination: z.strictObject({ lon, lat, label: z.string().max(200) }),
  items: z.array(z.strictObject({ itemId: entityId, quantity })).min(1).max(50),
  priority: z.enum(ALERT_LEVELS),
  requester: z.string().max(100),
  note: z.string().max(500),
  createdAt: epochMs,
  /** createdAt + its class's deadline (emergency supply 30 minutes, public help 8, routine as agreed). */
  deadlineAt: epochMs,
  /** Its class (请求类别); absent on requests recorded before classes: emergency supply. */
  class: z.enum(REQUEST_CLASSES).optional(),
  status: z.enum(REQUEST_STATUSES),
  deliveredAt: epochMs.nullable(),
  /** The unit it belongs to (shared/scope): which consoles see it. The central fills it in where a writer left it out. */
  unitId: entityId.optional(),
  /** Passed up to the city (request.escalate): its county could not meet it. */
  escalation: requestEscalationSchema.optional(),
});
export type SupplyRequest = z.infer<typeof supplyRequestSchema>;

/**
 * awaiting_approval: a plan that needs a supervisor's approval before it runs (multi-level
 * command, shared/scope/rules.ts `approvalNeeded`): its stock is set aside at its sites and its
 * vehicle held for it, nothing moves until it is approved (then enroute) or refused (cancelled).
 */
export const DISPATCH_STATUSES = ['awaiting_approval', 'enroute', 'delivered', 'cancelled'] as const;
export type DispatchStatus = (typeof DISPATCH_STATUSES)[number];

/** Why a plan waits for approval (shared/scope/rules.ts ApprovalReason). */
export const APPROVAL_REASONS = ['cross_county', 'in_county_late', 'below_safety', 'large_allocation'] as const;

/**
 * Who must approve a dispatch order before it runs, why, and what they decided. Set when the
 * order is created needing approval, and kept after the decision: the record of who let stock
 * cross a county line, and how long the request waited for it.
 */
export const dispatchApprovalSchema = z.strictObject({
  level: z.enum(['city', 'county']),
  /** The unit whose supervisor (or one above it) decides. */
  unitId: entityId,
  reasons: z.array(z.enum(APPROVAL_REASONS)).min(1).max(APPROVAL_REASONS.length),
  requestedAt: epochMs,
  requestedBy: z.string().max(100),
  decision: z.enum(['approved', 'refused']).nullable(),
  decidedAt: epochMs.nullable(),
  decidedBy: z.string().max(100).nullable(),
  /** The approver's note (required with a refusal). */
  note: z.string().max(500),
});
export type DispatchApproval = z.infer<typeof dispatchApprovalSchema>;


/** One vehicle's run for a request (应急调拨单): pick up at sites, deliver at the destination. */
export const dispatchOrderSchema = z.strictObject({
  id: z.uuid(),
  requestId: z.uuid(),
  vehicleId: entityId,
  pickups: z.array(z.strictObject({ siteId: entityId, itemId: entityId, quantity })).min(1).max(200),
  /** Pickup sites in visiting order. */
  siteIds: z.array(entityId).min(1).max(10),
  predictedArrivalAt: epochMs,
  status: z.enum(DISPATCH_STATUSES),
  createdAt: epochMs,
  /** Loaded at the last pickup site (the central's event, or an officer's confirmation). */
  pickedUpAt: epochMs.nullable(),
  deliveredAt: epochMs.nullable(),
  /** Present when the order needed a supervisor's approval (dispatch.approve / dispatch.refuse). */
  approval: dispatchApprovalSchema.optional(),
});
export type DispatchOrder = z.infer<typeof dispatchOrderSchema>;
