import { z } from 'zod';
import type { MethodMap } from '../board/method';
import { AUDIT_ACTIONS, centralAuditEntrySchema, localAuditEntrySchema } from './schema';

const chainCheck = z.strictObject({ ok: z.boolean(), checked: z.number().int().min(0), firstBroken: z.number().int().nullable(), reason: z.string().max(200).nullable(), gaps: z.number().int().min(0) });

/** The audit log: read, filtered and verified by auditors and supervisors; exports are recorded in it. */
export const auditMethods = {
  /**
   * Entries newest first: the central's chain (authoritative) and this workstation's
   * entries not yet there. Filters by time, user and action.
   */
  'audit.list': {
    permission: 'audit.read',
    arg: z.strictObject({
      from: z.number().finite().optional(),
      to: z.number().finite().optional(),
      username: z.string().max(64).optional(),
      action: z.enum(AUDIT_ACTIONS).optional(),
      limit: z.number().int().min(1).max(5000).default(500),
    }),
    result: z.strictObject({
      central: z.array(centralAuditEntrySchema).max(5000),
      /** This workstation's entries the central does not hold yet (not uploaded). */
      local: z.array(localAuditEntrySchema).max(5000),
    }),
  },
  /**
   * Verifies this workstation's chain, the central's chain as held here, and that every
   * entry uploaded from here is in the central's chain unchanged. Names the first broken link.
   * A console below the city holds only its units' part of the central's chain: `gaps` counts
   * the runs of other units' entries it skips (their links are checked at the city).
   */
  'audit.verify': {
    permission: 'audit.read',
    arg: z.strictObject({}),
    result: z.strictObject({
      local: chainCheck,
      central: chainCheck,
      /** The first of this workstation's entries whose copy at the central differs (seq here), null when all match. */
      mismatch: z.number().int().nullable(),
    }),
  },
  /** An export (CSV, PDF) the officer is about to save: recorded before the file is written. */
  'audit.recordExport': {
    permission: 'data.export',
    arg: z.strictObject({ kind: z.enum(['kpi_csv', 'audit_csv', 'report_csv', 'report_pdf', 'labels_pdf']), rows: z.number().int().min(0), detail: z.record(z.string().max(40), z.union([z.string().max(200), z.number()])) }),
    result: z.strictObject({}),
  },
} as const satisfies MethodMap;
