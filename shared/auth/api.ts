import { z } from 'zod';
import { empty } from '../board/common';
import type { EventMap, MethodMap } from '../board/method';
import { PERMISSIONS } from '../permissions';
import { passwordSchema, roleSchema, secondFactorSchema, sessionUserSchema, userAccountSchema, usernameSchema } from './schema';

/** The idle lock, in minutes: 15 by default (the division's rule), 1 to 240. */
export const DEFAULT_LOCK_AFTER_MIN = 15;
export const lockAfterSchema = z.number().int().min(1).max(240);

const enrolment = z.strictObject({
  /** Proves the password step: good for one enrolment, a few minutes. */
  token: z.string().min(20).max(200),
  /** The new TOTP secret (base32) and its otpauth:// URI, for the QR code. */
  secret: z.string().max(128),
  otpauthUri: z.string().max(1000),
});

/**
 * Signing in and out, the idle lock, users and the workstation's settings. A browser signs
 * in over HTTP (POST /auth/login on the browser host, which sets the session cookie its
 * WebSocket needs); the Electron window over its board port. Both reach the same checks.
 */
export const authMethods = {
  /** Who is signed in here (null: nobody), whether the session is locked, and what it may do. */
  'auth.status': {
    permission: 'public',
    arg: empty,
    result: z.strictObject({
      session: sessionUserSchema.nullable(),
      locked: z.boolean(),
      lockAfterS: z.number().int().min(60),
      permissions: z.array(z.enum(PERMISSIONS)).max(PERMISSIONS.length),
      /** The embedded demo (demo accounts, the link-cut control). */
      demo: z.boolean(),
      /** The demo started with `--demo-login ROLE`: the sign-in page signs that demo account in by itself. */
      demoLogin: roleSchema.nullable(),
    }),
  },
  /** Password and second factor. A user without a second factor yet gets an enrolment instead. */
  'auth.login': {
    permission: 'public',
    arg: z.strictObject({ username: z.string().max(64), password: z.string().max(256), code: z.string().max(32) }),
    result: z.discriminatedUnion('status', [
      z.strictObject({ status: z.literal('signed_in'), session: sessionUserSchema }),
      z.strictObject({ status: z.literal('enrol'), enrolment }),
    ]),
  },
  /** Finishes enrolling a second factor with the first code the phone shows; gives the one-time recovery codes. */
  'auth.enrol': {
    permission: 'public',
    arg: z.strictObject({ token: z.string().max(200), code: z.string().regex(/^\d{6}$/) }),
    result: z.strictObject({ session: sessionUserSchema, recoveryCodes: z.array(z.string().max(32)).max(20) }),
  },
  'auth.logout': { permission: 'session', arg: empty, result: empty },
  /** Locks now (the officer steps away): the map and the data are hidden until unlocked. */
  'auth.lock': { permission: 'session', arg: empty, result: empty },
  'auth.unlock': { permission: 'session', arg: z.strictObject({ password: z.string().max(256) }), result: empty },
  /** The officer is at the board (keys, pointer): pushes the idle lock back. */
  'auth.activity': { permission: 'session', arg: empty, result: z.strictObject({ lockInS: z.number().finite() }) },

  'user.list': { permission: 'users.admin', arg: empty, result: z.strictObject({ users: z.array(userAccountSchema).max(100_000) }) },
  'user.create': {
    permission: 'users.admin',
    arg: z.strictObject({ username: usernameSchema, displayName: z.string().min(1).max(64), role: roleSchema, password: passwordSchema }),
    result: z.strictObject({ userId: z.string().max(64) }),
  },
  'user.setRole': { permission: 'users.admin', arg: z.strictObject({ userId: z.string().max(64), role: roleSchema }), result: empty },
  /** The user enrols a new second factor at their next sign-in (a lost phone). */
  'user.resetSecondFactor': { permission: 'users.admin', arg: z.strictObject({ userId: z.string().max(64) }), result: empty },
  'user.setDisabled': { permission: 'users.admin', arg: z.strictObject({ userId: z.string().max(64), disabled: z.boolean() }), result: empty },
  'user.setPassword': { permission: 'users.admin', arg: z.strictObject({ userId: z.string().max(64), password: passwordSchema }), result: empty },
  /** Moves an officer to another unit of the command: the console they sign in at is then sent that unit's scope. */
  'user.setUnit': { permission: 'users.admin', arg: z.strictObject({ userId: z.string().max(64), unitId: z.string().min(1).max(64) }), result: empty },

  'settings.get': { permission: 'session', arg: empty, result: z.strictObject({ lockAfterMinutes: lockAfterSchema }) },
  'settings.set': { permission: 'settings.write', arg: z.strictObject({ lockAfterMinutes: lockAfterSchema }), result: z.strictObject({ lockAfterMinutes: lockAfterSchema }) },
} as const satisfies MethodMap;

/**
 * The embedded demo's sign-in (demo build only, like the link-cut control): one click signs a
 * demo account in, with no password or code. Each such sign-in is audited as a demo one.
 */
export const authDemoMethods = {
  'auth.demoLogin': {
    permission: 'public',
    arg: z.strictObject({ role: roleSchema }),
    result: z.strictObject({ session: sessionUserSchema }),
  },
} as const satisfies MethodMap;

export const authEvents = {
  /** This connection's session changed (locked, unlocked, signed out, its role or account changed at the central): read auth.status again. */
  'auth.changed': z.strictObject({ reason: z.enum(['locked', 'unlocked', 'signed_out', 'account_changed', 'settings']) }),
} as const satisfies EventMap;

export { secondFactorSchema, usernameSchema, passwordSchema };
