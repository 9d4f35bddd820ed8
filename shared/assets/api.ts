import { z } from 'zod';
import { commandAck, commandId, empty, entityId } from '../board/common';
import type { MethodMap } from '../board/method';
import { siteSchema } from '../sites/schema';
import { assetStepPayload } from './commands/asset-step';
import { repairDecidePayload } from './commands/repair-decide';
import { repairFilePayload } from './commands/repair-file';
import { ASSET_CLASSES, LIFECYCLE_STATES, LIFECYCLE_STEPS, REPAIR_STATUSES, assetEventSchema, assetSchema, assetTypeSchema, repairSchema } from './schema';

/** What a scanned code looked like: a QR label (JB-…), an RFID EPC (24 hex digits), else a maker's serial. */
export const CODE_KINDS = ['qr', 'epc', 'serial'] as const;
export type CodeKind = (typeof CODE_KINDS)[number];

export const readinessRowSchema = z.strictObject({
  key: z.string().max(80),
  ready: z.number().int(),
  inService: z.number().int(),
  rate: z.number().nullable(),
  target: z.number(),
  meets: z.boolean(),
});

export const assetsMethods = {
  /**
   * A scanned or typed code → the asset. A keyboard-wedge scanner types a QR label's text
   * (JB-…), an RFID reader an EPC (24 hex digits); anything else is tried as a serial. Not
   * found: BoardError 'asset_not_found' with params { code, looksLike }.
   */
  'asset.find': { permission: 'board.read',
    arg: z.strictObject({ code: z.string().trim().min(1).max(64) }),
    result: z.strictObject({ asset: assetSchema, matched: z.enum(CODE_KINDS) }),
  },
  /** An asset's record: its type, site, timeline (newest first), open requests, and the steps it may take now. */
  'asset.detail': { permission: 'board.read',
    arg: z.strictObject({ assetId: entityId }),
    result: z.strictObject({
      asset: assetSchema,
      type: assetTypeSchema.nullable(),
      site: siteSchema.nullable(),
      timeline: z.array(assetEventSchema).max(1000),
      requests: z.array(repairSchema).max(100),
      steps: z.array(z.enum(LIFECYCLE_STEPS)),
    }),
  },
  /** A page of the ledger (a virtualised list), filtered by class, site and state, in id order, with the total. */
  'asset.list': { permission: 'board.read',
    arg: z.strictObject({
      class: z.enum(ASSET_CLASSES).optional(),
      siteId: entityId.optional(),
      state: z.enum(LIFECYCLE_STATES).optional(),
      offset: z.number().int().min(0).max(10_000_000).default(0),
      limit: z.number().int().min(1).max(500).default(100),
    }),
    result: z.strictObject({ total: z.number().int().min(0), offset: z.number().int().min(0), assets: z.array(assetSchema).max(500) }),
  },
  /** Repair and scrapping requests: by status, or (no status) those still open (filed, approved, in repair); newest first, at most 1000. */
  'repairs.list': { permission: 'board.read',
    arg: z.strictObject({ status: z.enum(REPAIR_STATUSES).optional() }),
    result: z.strictObject({ repairs: z.array(repairSchema).max(1000) }),
  },
  /** Equipment readiness (装备完好率) overall, per class and per site, against its target (shared/assets/readiness.ts). */
  'readiness.summary': { permission: 'board.read',
    arg: empty,
    result: z.strictObject({ overall: readinessRowSchema, byClass: z.array(readinessRowSchema), bySite: z.array(readinessRowSchema) }),
  },
  /** Officer action: one lifecycle step (lifecycle.ts). Refused before queuing when the board sees it illegal ('step_refused', params.why). */
  'asset.step': { permission: 'assets.write', arg: assetStepPayload.extend({ commandId }), result: commandAck },
  /** Officer action: file a repair or scrapping request for an asset or a vehicle (the board picks repairId when omitted). */
  'repair.file': { permission: 'assets.write',
    arg: repairFilePayload.extend({ repairId: entityId.optional(), commandId }),
    result: commandAck.extend({ repairId: entityId }),
  },
  /** Supervisor's decision on a filed request, with a note (required). */
  'repair.decide': { permission: 'repairs.approve', arg: repairDecidePayload.extend({ commandId }), result: commandAck },
  /** A repair comes back: the request is done, the vehicle available again, the asset stored at its site. */
  'repair.close': { permission: 'assets.write', arg: z.strictObject({ repairId: entityId, note: z.string().max(500).default(''), commandId }), result: commandAck },
} as const satisfies MethodMap;
