import { z } from 'zod';
import { commandAck, commandId } from '../board/common';
import type { EventMap, MethodMap } from '../board/method';
import { signalSchema } from '../duty/commands/alert-act';
import { alertRecordSchema } from '../duty/schema';

/**
 * An alert as a console shows it: the central's record (with this console's queued acts laid
 * over), or a signal only this console sees so far (`provisional`: a vehicle's live arrival
 * past the deadline, its own link down), filed as soon as an officer acts on it.
 */
export const alertViewSchema = alertRecordSchema.extend({
  provisional: z.boolean(),
  /** An act on it is queued, not yet confirmed by the central. */
  pending: z.boolean(),
  /** The request it is about (deadline kinds): its deadline and the latest predicted arrival. */
  request: z.strictObject({ id: z.uuid(), deadlineAt: z.number(), predictedArrivalAt: z.number().nullable() }).nullable(),
  /** The signal behind a provisional alert (what acting on it files). */
  signal: signalSchema.nullable(),
});
export type AlertView = z.infer<typeof alertViewSchema>;

const alertId = z.string().min(1).max(200);

export const alertsMethods = {
  /**
   * Alerts, most severe first: every one not closed, and those closed in the last day
   * (`closedSince` to reach further back). With the officer on duty (who owns alerts nobody
   * took) and the departments an alert can go to.
   */
  'alert.list': { permission: 'board.read',
    arg: z.strictObject({ closedSince: z.number().finite().min(0).optional() }),
    result: z.strictObject({
      alerts: z.array(alertViewSchema).max(5000),
      onDuty: z.string().max(100).nullable(),
      departments: z.array(z.string().max(60)).max(30),
      /** Display names of the officers the alerts name (owners, who acted, the officer on duty), by username. */
      people: z.record(z.string().max(100), z.string().max(100)),
      now: z.number(),
    }),
  },
  /** Officer action: answer an alert (a central record: every console and the wall see it). Queued offline. */
  'alert.acknowledge': { permission: 'alerts.write', arg: z.strictObject({ alertId, commandId }), result: commandAck },
  /** Officer action: escalate to the supervisor on duty ('supervisor') and/or named departments, with a note. */
  'alert.escalate': {
    permission: 'alerts.write',
    arg: z.strictObject({ alertId, to: z.array(z.string().trim().min(1).max(60)).min(1).max(30), note: z.string().max(500), commandId }),
    result: commandAck,
  },
  /** Officer action: close with a note saying what was done (refused without one). */
  'alert.close': { permission: 'alerts.write', arg: z.strictObject({ alertId, note: z.string().max(1000), commandId }), result: commandAck },
} as const satisfies MethodMap;

export const alertsEvents = {
  /** Alerts changed (a pull brought records, an act was queued, a console-only signal came or went): re-read alert.list. */
  'alerts.changed': z.strictObject({ reason: z.enum(['records', 'queued', 'signals']) }),
} as const satisfies EventMap;
