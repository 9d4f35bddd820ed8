import { z } from 'zod';
import { roleSchema } from '../auth/schema';

/** What an audit entry records. */
export const AUDIT_ACTIONS = [
  'command',
  'login',
  'login_failed',
  'logout',
  'lock',
  'unlock',
  'unlock_failed',
  'enrol',
  'role_change',
  'user_create',
  'user_disable',
  'user_enable',
  'second_factor_reset',
  'password_set',
  /** An officer moved to another unit of the command (their console's scope follows). */
  'user_unit_change',
  /** The command tree changed, or a change to it refused: a unit added, edited or moved, a site or a vehicle handed to a unit. */
  'unit_change',
  'export',
  'setting_change',
  'forbidden',
  'session_refused',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/**
 * One entry as a workstation writes it, in the same transaction as the action: who, when,
 * where, what changed (before and after), and the hash of the entry before it.
 */
export const auditFieldsSchema = z.strictObject({
  at: z.number().finite(),
  workstation: z.string().max(64),
  userId: z.string().max(64).nullable(),
  username: z.string().max(64).nullable(),
  role: z.union([roleSchema, z.literal('system')]).nullable(),
  action: z.enum(AUDIT_ACTIONS),
  /** What it was about: 'command:<type>', 'user:<id>', 'setting:lock_after', a method name. */
  target: z.string().max(200).nullable(),
  outcome: z.enum(['ok', 'refused']),
  /** Before and after, and whatever else says what happened (a command's id and payload). */
  detail: z.record(z.string(), z.unknown()),
});
export type AuditFields = z.infer<typeof auditFieldsSchema>;

/** An entry in a workstation's own chain. */
export const localAuditEntrySchema = auditFieldsSchema.extend({
  seq: z.number().int().min(1),
  prevHash: z.string().length(64),
  hash: z.string().length(64),
});
export type LocalAuditEntry = z.infer<typeof localAuditEntrySchema>;

/**
 * An entry in the central's chain (the authoritative one, replica table `audit`): the
 * workstation's entry as it arrived (its seq and hash there), chained again centrally.
 */
export const centralAuditEntrySchema = auditFieldsSchema.extend({
  seq: z.number().int().min(1),
  wsSeq: z.number().int().min(1),
  wsHash: z.string().length(64),
  prevHash: z.string().length(64),
  hash: z.string().length(64),
});
export type CentralAuditEntry = z.infer<typeof centralAuditEntrySchema>;
