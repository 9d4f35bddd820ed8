import { z } from 'zod';
import { COMMAND_TYPES } from '../commands/registry';
import { cursorSchema, REPLICA_TABLES } from '../central-api';
import { itemTypeSchema, siteSchema } from '../sites/schema';
import { positionSchema, vehicleSchema } from '../fleet/schema';
import { linkStatusSchema } from '../link/api';
import { empty } from './common';

/**
 * A site or vehicle as the board draws it: `neighbour` marks a neighbouring unit's (multi-level
 * command, the central's showNeighbours setting), drawn faded and read-only: the planner offers
 * none of it, and an action on it is refused (out_of_scope).
 */
export const boardSiteSchema = siteSchema.extend({ neighbour: z.literal(true).optional() });
export const boardVehicleSchema = vehicleSchema.extend({ neighbour: z.literal(true).optional() });
export type BoardSite = z.infer<typeof boardSiteSchema>;
export type BoardVehicle = z.infer<typeof boardVehicleSchema>;
import type { EventMap, MethodMap } from './method';

/** What the board draws first, and the event that says the replica changed. */
export const boardSnapshotMethods = {
  /** Everything the board needs to draw its first frame, from the local cache. */
  'board.snapshot': { permission: 'board.read',
    arg: empty,
    result: z.strictObject({
      sites: z.array(boardSiteSchema),
      items: z.array(itemTypeSchema),
      vehicles: z.array(boardVehicleSchema),
      positions: z.array(positionSchema),
      link: linkStatusSchema,
      /** What pending (not yet reflected) commands touch, for the "pending upload" marks. */
      pending: z.array(z.strictObject({ commandId: z.uuid(), type: z.enum(COMMAND_TYPES), target: z.string().max(140), outcomeUnknown: z.boolean() })),
    }),
  },
} as const satisfies MethodMap;

export const boardDataEvents = {
  /** Replica tables changed locally after a pull: re-read what is shown. */
  'data.changed': z.strictObject({ tables: z.array(z.enum(REPLICA_TABLES)).min(1), cursor: cursorSchema }),
} as const satisfies EventMap;
