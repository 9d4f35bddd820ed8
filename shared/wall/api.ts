import { z } from 'zod';
import { empty } from '../board/common';
import type { EventMap, MethodMap } from '../board/method';

/** The wall's rotation as the officer set it: which scenes, in which order, for how long. */
export const wallScheduleSchema = z.strictObject({
  scenes: z
    .array(z.strictObject({ id: z.string().min(1).max(64).regex(/^[a-z0-9-]+$/), enabled: z.boolean(), durationS: z.number().int().min(5).max(3600) }))
    .max(32),
});
export type WallSchedule = z.infer<typeof wallScheduleSchema>;

export const wallMethods = {
  /** The wall's rotation schedule (null until an officer sets one: the wall uses its defaults). */
  'wall.schedule': { permission: 'board.read', arg: empty, result: z.strictObject({ schedule: wallScheduleSchema.nullable() }) },
  'wall.setSchedule': { permission: 'wall.write', arg: wallScheduleSchema, result: z.strictObject({ schedule: wallScheduleSchema }) },
} as const satisfies MethodMap;

export const wallEvents = {
  'wall.scheduleChanged': z.strictObject({ schedule: wallScheduleSchema }),
} as const satisfies EventMap;
