import { defineTable } from '../replica/table';
import { alertRecordSchema, drillSchema, dutyConfigSchema, handoverSchema } from './schema';
import { z } from 'zod';

/**
 * The duty shift's replica tables: alerts as central records (seen on every console and the
 * wall), handovers, drills and the division's duty settings (one row, key 'duty').
 */
export const alertTable = defineTable({
  name: 'alert',
  schema: alertRecordSchema,
  key: (r) => r.id,
  columns: {
    state: { type: 'TEXT', of: (r) => r.state },
    raised_at: { type: 'REAL', of: (r) => r.raisedAt },
    /** 1 while the rules still follow it: not closed, or closed while its condition is still on. */
    active: { type: 'INTEGER', of: (r) => (r.state !== 'closed' || r.clearedAt === null ? 1 : 0) },
  },
  digest: (r) => [
    r.id, r.kind, r.level, r.subject, r.label, r.place ? [r.place.lon, r.place.lat] : null, r.raisedAt, r.raisedBy, r.owner, r.respondBy, r.closeBy, r.state,
    r.acknowledged ? [r.acknowledged.at, r.acknowledged.by] : null, r.escalations.map((e) => [e.at, e.by, e.to, e.reason, e.note]),
    [r.overdue.respond, r.overdue.close], r.clearedAt, r.closed ? [r.closed.at, r.closed.by, r.closed.note] : null, r.unitId ?? null,
  ],
  maxRows: 1_000_000,
});

export const handoverTable = defineTable({
  name: 'handover',
  schema: handoverSchema,
  key: (r) => r.id,
  columns: { shift_start: { type: 'REAL', of: (r) => r.shiftStart } },
  digest: (r) => [
    r.id, r.shiftStart, r.shiftEnd, r.shiftName, r.team, r.draft, r.notes, r.contentHash, [r.outgoing.username, r.outgoing.displayName, r.outgoing.at],
    r.incoming ? [r.incoming.username, r.incoming.displayName, r.incoming.at] : null,
  ],
  maxRows: 100_000,
});

export const drillTable = defineTable({
  name: 'drill',
  schema: drillSchema,
  key: (r) => r.id,
  columns: { started_at: { type: 'REAL', of: (r) => r.startedAt } },
  digest: (r) => [r.id, r.startedAt, r.startedBy, r.workstation, r.endedAt, r.queued, r.result, r.note],
  maxRows: 100_000,
});

/** The duty settings: one row, key DUTY_CONFIG_KEY (absent: the documents' defaults). */
export const DUTY_CONFIG_KEY = 'duty';
export const dutyConfigRowSchema = z.strictObject({ id: z.literal(DUTY_CONFIG_KEY), config: dutyConfigSchema, changedAt: z.number().min(0), changedBy: z.string().max(100) });
export const dutyConfigTable = defineTable({
  name: 'duty_config',
  schema: dutyConfigRowSchema,
  key: (r) => r.id,
  columns: {},
  digest: (r) => [r.id, r.changedAt, r.changedBy, JSON.stringify(r.config)],
  maxRows: 1,
});
