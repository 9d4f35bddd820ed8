import { z } from 'zod';
import { commandAck, commandId, empty } from '../board/common';
import type { MethodMap } from '../board/method';
import { drillSchema, dutyConfigSchema, handoverSchema } from './schema';
import { entityId } from '../schema-parts';

/** Unit names by id, for the units below the city a result's handovers belong to (`<shift>@<unit>`). */
const unitNames = z.record(entityId, z.strictObject({ name: z.string().max(200), nameEn: z.string().max(200) }));

export const shiftInstanceSchema = z.strictObject({
  id: z.string().max(100), defId: z.string().max(64), name: z.string().max(60), team: z.string().max(60), start: z.number(), end: z.number(), localDate: z.string().max(10),
});

const section = z.strictObject({ key: z.string().max(40), title: z.string().max(200), lines: z.array(z.string().max(2000)).max(2000) });

export const dutyMethods = {
  /** The duty settings in force (the documents' defaults until a supervisor changes them), and the shift now. */
  'duty.settings': { permission: 'board.read',
    arg: empty,
    result: z.strictObject({ config: dutyConfigSchema, changedAt: z.number().nullable(), changedBy: z.string().max(100).nullable(), shift: shiftInstanceSchema }),
  },
  /** Supervisor or administrator: change the duty settings (checked whole: no gap or overlap in the shifts, positive time limits). */
  'duty.configure': { permission: 'duty.settings', arg: z.strictObject({ config: dutyConfigSchema, commandId }), result: commandAck },
  /**
   * The handover of a shift (default: the one now): its record if signed, else the board's
   * draft from the shift's data, in the console's language.
   */
  'handover.draft': { permission: 'board.read',
    arg: z.strictObject({ shiftId: z.string().max(100).optional(), lang: z.enum(['zh-CN', 'en']) }),
    result: z.strictObject({
      shift: shiftInstanceSchema,
      previous: shiftInstanceSchema,
      next: shiftInstanceSchema,
      record: handoverSchema.nullable(),
      draft: z.strictObject({ sections: z.array(section).max(20), text: z.string().max(100_000) }),
      /** The newest handover signed by another officer and not yet taken over: the caller's to take over. */
      toTakeOver: handoverSchema.nullable(),
      /** The name of the console's unit below the city, whose shift this is (its record and the one to take over name it). */
      units: unitNames.optional(),
    }),
  },
  /** Handovers, newest first, searchable by date range, officer and content. */
  'handover.list': { permission: 'board.read',
    arg: z.strictObject({ from: z.number().optional(), to: z.number().optional(), officer: z.string().max(100).optional(), text: z.string().max(200).optional(), limit: z.number().int().min(1).max(500).optional() }),
    result: z.strictObject({
      handovers: z.array(handoverSchema).max(500),
      /** The names of the units below the city whose handovers are listed (a county's console lists its stations' too). */
      units: unitNames.optional(),
    }),
  },
  /** Outgoing officer: sign the shift's handover — the draft as read, with notes. */
  'handover.sign': { permission: 'handover.sign',
    arg: z.strictObject({ shiftId: z.string().max(100), draft: z.string().min(1).max(100_000), notes: z.string().max(5000), commandId }),
    result: z.strictObject({ commandId: z.uuid(), issuedAt: z.number(), handoverId: z.string(), contentHash: z.string() }),
  },
  /** Link-failure drills, newest first (the last 90 days), and the one running on this console. */
  'drill.list': { permission: 'board.read', arg: empty, result: z.strictObject({ drills: z.array(drillSchema).max(1000), running: drillSchema.nullable() }) },
  /** Supervisor: start a drill on this console — its link to the central is cut until the drill is finished. */
  'drill.start': { permission: 'drills.run', arg: z.strictObject({ note: z.string().max(1000), commandId }), result: z.strictObject({ drillId: z.uuid(), commandId: z.uuid(), issuedAt: z.number() }) },
  /**
   * Supervisor: finish it — the link restored, the queue drained, the cache reconciled with
   * the central; the outcome (reconciled, or conflicts left to resolve) and the commands
   * that were queued are recorded.
   */
  'drill.finish': {
    permission: 'drills.run',
    arg: z.strictObject({ drillId: z.uuid() }),
    result: z.strictObject({ result: z.enum(['reconciled', 'conflicts', 'aborted']), queued: z.number().int(), commandId: z.uuid() }),
  },
  /** Incoming officer: sign as taken over, naming the text read (its hash). */
  'handover.takeOver': { permission: 'handover.sign', arg: z.strictObject({ handoverId: z.string().max(100), contentHash: z.string().regex(/^[0-9a-f]{64}$/), commandId }), result: commandAck },
} as const satisfies MethodMap;
