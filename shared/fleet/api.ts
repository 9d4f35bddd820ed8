import { z } from 'zod';
import { commandAck, commandId, entityId } from '../board/common';
import type { MethodMap } from '../board/method';
import { positionSchema, vehicleSchema, VEHICLE_STATUSES } from './schema';

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
} as const satisfies MethodMap;
