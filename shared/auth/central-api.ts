import { z } from 'zod';
import { localAuditEntrySchema } from '../audit/schema';
import { passwordSchema, roleSchema, userAccountSchema, usernameSchema } from './schema';

/**
 * The central's side of people: signing in (the central is the authority for users,
 * passwords and second factors), administering users, and receiving each workstation's
 * audit chain. Every request is a workstation's (its Authorization header); the
 * administrators' requests also carry the officer's central session (SESSION_HEADER).
 */
export const SESSION_HEADER = 'x-jingbao-session';

export const centralLoginRequestSchema = z.strictObject({
  username: z.string().max(64),
  password: z.string().max(256),
  /** A TOTP code or a recovery code. */
  code: z.string().max(32),
});

/** A central session: what an administrator's later requests carry. */
const sessionGrant = z.strictObject({ token: z.string().min(32).max(128), expiresAt: z.number().finite() });

export const centralLoginResultSchema = z.discriminatedUnion('status', [
  z.strictObject({
    status: z.literal('signed_in'),
    user: userAccountSchema,
    /**
     * The TOTP seed, for the workstation's offline verifier: it seals it with a key only the
     * password opens (argon2id), so an outage sign-in still needs both factors.
     */
    totpSecret: z.string().max(128),
    session: sessionGrant,
  }),
  z.strictObject({
    status: z.literal('enrol'),
    /** Good once, for ten minutes, for this user's enrolment. */
    token: z.string().min(32).max(128),
    secret: z.string().max(128),
    otpauthUri: z.string().max(1000),
  }),
]);
export type CentralLoginResult = z.infer<typeof centralLoginResultSchema>;

export const centralEnrolRequestSchema = z.strictObject({ token: z.string().max(128), code: z.string().regex(/^\d{6}$/) });
export const centralEnrolResultSchema = z.strictObject({
  user: userAccountSchema,
  totpSecret: z.string().max(128),
  session: sessionGrant,
  recoveryCodes: z.array(z.string()).max(20),
});

export const userChangeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('create'), username: usernameSchema, displayName: z.string().min(1).max(64), role: roleSchema, password: passwordSchema, unitId: z.string().min(1).max(64).optional() }),
  /** Moves an officer to another unit of the command (multi-level command): what their console is sent follows. */
  z.strictObject({ kind: z.literal('unit'), userId: z.string().max(64), unitId: z.string().min(1).max(64) }),
  z.strictObject({ kind: z.literal('role'), userId: z.string().max(64), role: roleSchema }),
  z.strictObject({ kind: z.literal('disabled'), userId: z.string().max(64), disabled: z.boolean() }),
  z.strictObject({ kind: z.literal('reset_second_factor'), userId: z.string().max(64) }),
  z.strictObject({ kind: z.literal('password'), userId: z.string().max(64), password: passwordSchema }),
]);
export type UserChange = z.infer<typeof userChangeSchema>;
/** The account after the change, and what it was before (for the audit log). */
export const userChangeResultSchema = z.strictObject({ before: userAccountSchema.nullable(), after: userAccountSchema });

export const usersResultSchema = z.strictObject({ users: z.array(userAccountSchema).max(100_000) });

/** A workstation's audit entries, in its chain's order, from the first the central lacks. */
export const auditUploadSchema = z.strictObject({ entries: z.array(localAuditEntrySchema).min(1).max(500) });
/**
 * The last of this workstation's entries the central holds (0: none): the next upload
 * starts after it. `refused`: an entry that does not continue the chain held here (a gap,
 * an edited or reordered entry, one that differs from its copy received before).
 */
export const auditUploadResultSchema = z.strictObject({
  head: z.number().int().min(0),
  refused: z.strictObject({ code: z.enum(['audit_gap', 'audit_chain_broken', 'audit_diverged']), message: z.string().max(500) }).optional(),
});
