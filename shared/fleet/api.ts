import { z } from 'zod';
import { commandAck, commandId, entityId } from '../board/common';
import type { MethodMap } from '../board/method';
import { positionSchema, vehicleSchema, VEHICLE_STATUSES } from './schema';
import { vehicleSetServiceIntervalPayload } from './commands/vehicle-set-service-interval';

export const fleetMethods = {
  'vehicle.detail': { permission: 'board.read',
    arg: z.strictObject({ vehicleId: entityId }),
    result: z.strictObject({
      vehicle: vehicleSchema,
      position: positionSchema.nullable(),
      /** Recent track, oldest first: [lon, lat, ts]. */
      trail: z.array(z.tuple([z.number(), z.number(), z.number()])).max(10_000),
    }),
  },
  /** Officer action: mark a vehicle in maintenance, back in service, etc. Queued offline. */
  'vehicle.setStatus': { permission: 'fleet.write',
    arg: z.strictObject({ vehicleId: entityId, status: z.enum(VEHICLE_STATUSES), commandId }),
    result: commandAck,
  },
  /**
   * Officer action: a service done (保养登记), with the odometer as read then
   * (shared/fleet/commands/vehicle-record-service.ts). Queued offline; refused at once where the
   * board's view already shows the reading cannot be right (`bad_request`, with the rule's words).
   */
  'vehicle.recordService': { permission: 'fleet.write',
    arg: z.strictObject({ vehicleId: entityId, odometerKm: z.number().finite().min(0).max(5_000_000), commandId }),
    result: commandAck,
  },
  /** A supervisor's or an administrator's: a vehicle's service interval by km and months (shared/fleet/commands/vehicle-set-service-interval.ts). Queued offline. */
  'vehicle.setServiceInterval': { permission: 'fleet.settings',
    arg: vehicleSetServiceIntervalPayload.extend({ commandId }),
    result: commandAck,
  },
} as const satisfies MethodMap;
