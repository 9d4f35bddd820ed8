import { defineTable } from '../replica/table';
import { dispatchOrderSchema, supplyRequestSchema } from './schema';

export const requestTable = defineTable({
  name: 'request',
  schema: supplyRequestSchema,
  key: (r) => r.id,
  columns: { status: { type: 'TEXT', of: (r) => r.status }, created_at: { type: 'REAL', of: (r) => r.createdAt } },
  digest: (r) => {
    const d = r.destination;
    return [r.id, d.lon, d.lat, d.label, r.items.map((i) => [i.itemId, i.quantity]), r.priority, r.requester, r.note, r.createdAt, r.deadlineAt, r.class ?? null, r.status, r.deliveredAt, r.unitId ?? null, r.escalation ? [r.escalation.at, r.escalation.by, r.escalation.reason, r.escalation.note] : null];
  },
  maxRows: 1_000_000,
});

export const dispatchTable = defineTable({
  name: 'dispatch',
  schema: dispatchOrderSchema,
  key: (r) => r.id,
  columns: { request_id: { type: 'TEXT', of: (r) => r.requestId }, vehicle_id: { type: 'TEXT', of: (r) => r.vehicleId }, status: { type: 'TEXT', of: (r) => r.status } },
  digest: (r) => [r.id, r.requestId, r.vehicleId, r.pickups.map((p) => [p.siteId, p.itemId, p.quantity]), r.siteIds, r.predictedArrivalAt, r.status, r.createdAt, r.pickedUpAt, r.deliveredAt,
    r.approval ? [r.approval.level, r.approval.unitId, r.approval.reasons, r.approval.requestedAt, r.approval.requestedBy, r.approval.decision, r.approval.decidedAt, r.approval.decidedBy, r.approval.note] : null],
  maxRows: 1_000_000,
});
