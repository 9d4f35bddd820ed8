import { z } from 'zod';
import { ROLES } from './roles';

/** Sign-in names: lower-case letters, digits and . _ - (what an intranet account looks like). */
export const usernameSchema = z
  .string()
  .min(2)
  .max(32)
  .regex(/^[a-z0-9][a-z0-9._-]*$/);
/** At least 10 characters: long enough that a cached verifier resists guessing (argon2id). */
export const passwordSchema = z.string().min(10).max(128);
/** A TOTP code (6 digits) or a one-time recovery code (xxxx-xxxx-xxxx). */
export const secondFactorSchema = z.string().regex(/^(\d{6}|[a-z0-9]{4}-[a-z0-9]{4}-[a-z0-9]{4})$/);
export const roleSchema = z.enum(ROLES);

/**
 * A user as every workstation knows it (the replica table `user_account`): no secret ever
 * leaves the central this way. `version` moves on every change of password, role,
 * second factor or status, so a workstation drops what it cached for the older one.
 */
export const userAccountSchema = z.strictObject({
  id: z.string().min(1).max(64),
  username: usernameSchema,
  displayName: z.string().max(64),
  role: roleSchema,
  disabled: z.boolean(),
  /** Has a second factor enrolled (TOTP). */
  enrolled: z.boolean(),
  version: z.number().int().min(1),
  updatedAt: z.number().finite(),
  /** The unit the officer works for (shared/scope): what a console they sign in at is sent. Absent: the city's. */
  unitId: z.string().min(1).max(64).optional(),
});
export type UserAccount = z.infer<typeof userAccountSchema>;

/** Who is signed in at a board: what the UI shows and every call is checked against. */
export const sessionUserSchema = z.strictObject({
  userId: z.string().max(64),
  username: z.string().max(32),
  displayName: z.string().max(64),
  role: roleSchema,
  workstation: z.string().max(64),
  signedInAt: z.number().finite(),
  /** Signed in against this workstation's cached verifier while the central was unreachable. */
  offline: z.boolean(),
  /** A demo account (the embedded demo only): the board shows a badge. */
  demo: z.boolean(),
  /** The unit whose console this is (multi-level command), for an officer below the city; absent for the city's. */
  unit: z.strictObject({ id: z.string().max(64), kind: z.enum(['county', 'station', 'post']), name: z.string().max(200), nameEn: z.string().max(200) }).optional(),
});
export type SessionUser = z.infer<typeof sessionUserSchema>;

/**
 * Who issued a command, carried to the central with it: the officer, the role they held
 * when they issued it, and the workstation. The central checks the command against the
 * role it holds for that officer now, and that the workstation is the one uploading it.
 * The workstation's own automation (tests, scripted tools) is the 'system' actor.
 */
export const actorSchema = z.strictObject({
  userId: z.string().min(1).max(64),
  username: z.string().max(64),
  role: z.union([roleSchema, z.literal('system')]),
  workstation: z.string().min(1).max(64),
});
export type Actor = z.infer<typeof actorSchema>;
