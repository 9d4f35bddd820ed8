import { z } from 'zod';
import { empty } from '../board/common';
import type { EventMap, MethodMap } from '../board/method';
import { ALERT_LEVELS } from './levels';

export const alertsMethods = {
  /** Alerts derived from requests and deadlines (red first), with this console's acknowledgements. */
  'alert.list': { permission: 'board.read',
    arg: empty,
    result: z.strictObject({
      alerts: z
        .array(
          z.strictObject({
            id: z.string().max(200),
            kind: z.enum(['deadline_risk', 'deadline_missed', 'red_request']),
            level: z.enum(ALERT_LEVELS),
            requestId: z.uuid(),
            label: z.string().max(200),
            deadlineAt: z.number(),
            predictedArrivalAt: z.number().nullable(),
            since: z.number(),
            acknowledgedAt: z.number().nullable(),
          }),
        )
        .max(5000),
    }),
  },
  /** Officer action on a console: acknowledge an alert (the wall stops showing it as interrupting). */
  'alert.acknowledge': { permission: 'alerts.write', arg: z.strictObject({ alertId: z.string().min(1).max(200) }), result: z.strictObject({ acknowledgedAt: z.number() }) },
} as const satisfies MethodMap;

export const alertsEvents = {
  /** An alert was acknowledged on a console: re-read alert.list. */
  'alerts.changed': z.strictObject({ acknowledged: z.string().max(200).nullable() }),
} as const satisfies EventMap;
