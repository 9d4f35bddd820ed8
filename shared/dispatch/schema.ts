import { z } from 'zod';
import { ALERT_LEVELS } from '../alerts/levels';
import { REQUEST_CLASSES } from '../duty/schema';
import { entityId, epochMs, lat, lon, quantity } from '../schema-parts';

export const REQUEST_STATUSES = ['open', 'dispatched', 'delivered', 'cancelled'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

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
});
export type SupplyRequest = z.infer<typeof supplyRequestSchema>;

export const DISPATCH_STATUSES = ['enroute', 'delivered', 'cancelled'] as const;

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
});
export type DispatchOrder = z.infer<typeof dispatchOrderSchema>;
