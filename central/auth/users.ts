import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { roleCan, type Role } from '../../shared/auth/roles';
import type { UserAccount } from '../../shared/auth/schema';
import { ARGON2ID } from '../../shared/auth/kdf';
import { checkTotp, newTotpSecret, totpUri } from '../../shared/auth/totp';
import type { CentralLoginResult, UserChange } from '../../shared/auth/central-api';
import type { Permission } from '../../shared/permissions';
import type { CentralStore } from '../store';

/** Why a sign-in or an administrator's request was refused: a code the workstation passes on. */
export class AuthRefusal extends Error {
  constructor(
    readonly code: 'bad_credentials' | 'code_replayed' | 'rate_limited' | 'account_disabled' | 'enrolment_expired' | 'forbidden' | 'unauthenticated' | 'not_found' | 'username_taken',
    message: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(message);
  }
}

/** Failed attempts allowed before the backoff starts; then 2 s, 4 s, … up to 15 minutes. */
export const THROTTLE_FREE = 5;
export const THROTTLE_MAX_S = 15 * 60;
const SESSION_MS = 12 * 3600_000;
const ENROL_MS = 10 * 60_000;
const RECOVERY_CODES = 10;

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

/** xxxx-xxxx-xxxx from an alphabet without look-alikes. */
function recoveryCode(): string {
  const alphabet = 'abcdefghjkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(12);
  const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length]);
  return `${chars.slice(0, 4).join('')}-${chars.slice(4, 8).join('')}-${chars.slice(8, 12).join('')}`;
}

type Secret = { user_id: string; password_hash: string; totp_secret: string | null; last_counter: number; recovery: string };

/**
 * The central's authority over users: accounts (the `user_account` replica table every
 * workstation holds, no secrets), their password hashes (argon2id) and TOTP seeds (here
 * only), sign-in with throttling and replay refusal, enrolment of the second factor, the
 * administrators' changes, and sessions for those changes.
 */
export function createUserAuthority(store: CentralStore, now: () => number = Date.now) {
  const db = store.db;
  const q = {
    secret: db.prepare<[string], Secret>('SELECT * FROM user_secret WHERE user_id = ?'),
    putSecret: db.prepare<[string, string]>('INSERT INTO user_secret (user_id, password_hash) VALUES (?, ?)'),
    setPassword: db.prepare<[string, string]>('UPDATE user_secret SET password_hash = ? WHERE user_id = ?'),
    setTotp: db.prepare<[string | null, number, string, string]>('UPDATE user_secret SET totp_secret = ?, last_counter = ?, recovery = ? WHERE user_id = ?'),
    setCounter: db.prepare<[number, string]>('UPDATE user_secret SET last_counter = ? WHERE user_id = ?'),
    setRecovery: db.prepare<[string, string]>('UPDATE user_secret SET recovery = ? WHERE user_id = ?'),
    throttle: db.prepare<[string], { failures: number; blocked_until: number }>('SELECT failures, blocked_until FROM auth_throttle WHERE subject = ?'),
    putThrottle: db.prepare<[string, number, number, number]>(
      `INSERT INTO auth_throttle (subject, failures, blocked_until, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (subject) DO UPDATE SET failures = excluded.failures, blocked_until = excluded.blocked_until, updated_at = excluded.updated_at`,
    ),
    clearThrottle: db.prepare<[string]>('DELETE FROM auth_throttle WHERE subject = ?'),
    putSession: db.prepare<[string, string, string, number, number]>('INSERT INTO central_session (token_hash, user_id, workstation, created_at, expires_at) VALUES (?, ?, ?, ?, ?)'),
    session: db.prepare<[string], { user_id: string; workstation: string; expires_at: number }>('SELECT user_id, workstation, expires_at FROM central_session WHERE token_hash = ?'),
    endSessions: db.prepare<[string]>('DELETE FROM central_session WHERE user_id = ?'),
    pruneSessions: db.prepare<[number]>('DELETE FROM central_session WHERE expires_at < ?'),
    count: db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM user_account'),
  };
  /** Enrolments waiting for their first code: in memory, ten minutes, once. */
  const enrolments = new Map<string, { userId: string; secret: string; expiresAt: number }>();

  const byName = (username: string): UserAccount | undefined => store.where('user_account', 'username', username)[0];
  const account = (userId: string): UserAccount => {
    const u = store.get('user_account', userId);
    if (!u) throw new AuthRefusal('not_found', `no user ${userId}`);
    return u;
  };
  const save = (u: UserAccount, change: Partial<UserAccount>): UserAccount => {
    const next = { ...u, ...change, version: u.version + 1, updatedAt: now() };
    store.put('user_account', next);
    return next;
  };

  // --- throttling: per account and per workstation, persisted (a restart does not reset it)
  function checkThrottle(subjects: string[]): void {
    for (const s of subjects) {
      const t = q.throttle.get(s);
      if (t && t.blocked_until > now()) {
        throw new AuthRefusal('rate_limited', `too many failed attempts (${s.split(':')[0]})`, { retryAfterS: Math.ceil((t.blocked_until - now()) / 1000) });
      }
    }
  }
  function failed(subjects: string[]): void {
    for (const s of subjects) {
      const failures = (q.throttle.get(s)?.failures ?? 0) + 1;
      const waitS = failures <= THROTTLE_FREE ? 0 : Math.min(THROTTLE_MAX_S, 2 ** (failures - THROTTLE_FREE));
      q.putThrottle.run(s, failures, now() + waitS * 1000, now());
    }
  }
  const succeeded = (subjects: string[]) => subjects.forEach((s) => q.clearThrottle.run(s));

  function newSession(userId: string, workstation: string) {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = now() + SESSION_MS;
    q.pruneSessions.run(now());
    q.putSession.run(sha256(token), userId, workstation, now(), expiresAt);
    return { token, expiresAt };
  }

  /** The second factor: a TOTP code newer than the last one used, or an unused recovery code (used up). */
  function checkSecondFactor(s: Secret, code: string): { ok: true } | { ok: false; code: 'bad_credentials' | 'code_replayed' } {
    if (/^\d{6}$/.test(code) && s.totp_secret) {
      const v = checkTotp(s.totp_secret, code, s.last_counter, now());
      if (!v.ok) return v;
      q.setCounter.run(v.step, s.user_id);
      return { ok: true };
    }
    const hashes = JSON.parse(s.recovery) as string[];
    const i = hashes.indexOf(sha256(code.toLowerCase()));
    if (i < 0) return { ok: false, code: 'bad_credentials' };
    hashes.splice(i, 1);
    q.setRecovery.run(JSON.stringify(hashes), s.user_id);
    return { ok: true };
  }

  /** A unit the command tree holds (when the central has a tree); else refused. */
  const checkUnit = (unitId: string): void => {
    const tree = store.tree();
    if (tree && !tree.nodes.has(unitId)) throw new AuthRefusal('not_found', `there is no unit ${unitId} in the command tree`, { unitId });
  };

  async function createUser(u: { username: string; displayName: string; role: Role; password: string; totpSecret?: string; unitId?: string | undefined }): Promise<UserAccount> {
    if (u.unitId !== undefined) checkUnit(u.unitId);
    if (byName(u.username)) throw new AuthRefusal('username_taken', `user name ${u.username} is taken`, { username: u.username });
    const passwordHash = await argonHash(u.password, ARGON2ID);
    return db.transaction(() => {
      if (byName(u.username)) throw new AuthRefusal('username_taken', `user name ${u.username} is taken`, { username: u.username });
      const row: UserAccount = {
        id: `u-${randomUUID()}`, username: u.username, displayName: u.displayName, role: u.role, disabled: false, enrolled: Boolean(u.totpSecret), version: 1, updatedAt: now(),
        ...(u.unitId !== undefined ? { unitId: u.unitId } : {}),
      };
      store.put('user_account', row);
      q.putSecret.run(row.id, passwordHash);
      if (u.totpSecret) q.setTotp.run(u.totpSecret, 0, '[]', row.id);
      return row;
    })();
  }

  return {
    count: (): number => q.count.get()!.n,
    list: (): UserAccount[] => store.rows('user_account').sort((a, b) => a.username.localeCompare(b.username)),
    createUser,

    /**
     * Password and second factor. Every failure counts against the account and the
     * workstation (backoff after five); a user with no second factor yet is given an
     * enrolment instead of a session.
     */
    async login(arg: { username: string; password: string; code: string }, workstation: string): Promise<CentralLoginResult> {
      const subjects = [`user:${arg.username.toLowerCase()}`, `ws:${workstation}`];
      checkThrottle(subjects);
      const user = byName(arg.username);
      const secret = user ? q.secret.get(user.id) : undefined;
      // Hash even for an unknown user: the time taken does not tell which names exist.
      const passwordOk = await argonVerify(secret?.password_hash ?? (await dummy()), arg.password).catch(() => false);
      if (!user || !secret || !passwordOk) {
        failed(subjects);
        throw new AuthRefusal('bad_credentials', 'wrong user name or password');
      }
      if (user.disabled) throw new AuthRefusal('account_disabled', `account ${user.username} is disabled`);
      if (!secret.totp_secret) {
        succeeded(subjects);
        const token = randomBytes(32).toString('base64url');
        const totp = newTotpSecret();
        enrolments.set(token, { userId: user.id, secret: totp, expiresAt: now() + ENROL_MS });
        return { status: 'enrol', token, secret: totp, otpauthUri: totpUri(totp, user.username) };
      }
      const second = db.transaction(() => checkSecondFactor(q.secret.get(user.id)!, arg.code))();
      if (!second.ok) {
        failed(subjects);
        throw new AuthRefusal(second.code, second.code === 'code_replayed' ? 'this code was already used' : 'wrong code');
      }
      succeeded(subjects);
      return { status: 'signed_in', user, totpSecret: secret.totp_secret, session: newSession(user.id, workstation) };
    },

    /** The first code from the newly enrolled phone: the second factor is set, recovery codes are given once. */
    enrol(arg: { token: string; code: string }, workstation: string) {
      const pending = enrolments.get(arg.token);
      if (!pending || pending.expiresAt < now()) {
        enrolments.delete(arg.token);
        throw new AuthRefusal('enrolment_expired', 'the enrolment has expired: sign in again');
      }
      const subjects = [`user:${account(pending.userId).username}`, `ws:${workstation}`];
      checkThrottle(subjects);
      const v = checkTotp(pending.secret, arg.code, 0, now());
      if (!v.ok) {
        failed(subjects);
        throw new AuthRefusal('bad_credentials', 'wrong code: check the phone’s clock and the code shown now');
      }
      enrolments.delete(arg.token);
      const codes = Array.from({ length: RECOVERY_CODES }, recoveryCode);
      const user = db.transaction(() => {
        q.setTotp.run(pending.secret, v.step, JSON.stringify(codes.map(sha256)), pending.userId);
        return save(account(pending.userId), { enrolled: true });
      })();
      succeeded(subjects);
      return { user, totpSecret: pending.secret, session: newSession(user.id, workstation), recoveryCodes: codes };
    },

    /** The user an administrator's session belongs to, if it is valid and from this workstation. */
    sessionUser(token: string | undefined, workstation: string): UserAccount | null {
      if (!token) return null;
      const s = q.session.get(sha256(token));
      if (!s || s.expires_at < now() || s.workstation !== workstation) return null;
      const u = store.get('user_account', s.user_id);
      return u && !u.disabled ? u : null;
    },

    /** An administrator's change. Every change moves the account's version: workstations drop what they cached for it. */
    async change(by: UserAccount, c: UserChange): Promise<{ before: UserAccount | null; after: UserAccount }> {
      if (!roleCan(by.role, 'users.admin')) throw new AuthRefusal('forbidden', `${by.username} may not administer users`);
      switch (c.kind) {
        case 'create':
          return { before: null, after: await createUser(c) };
        case 'password': {
          const before = account(c.userId);
          const h = await argonHash(c.password, ARGON2ID);
          return db.transaction(() => {
            q.setPassword.run(h, c.userId);
            q.endSessions.run(c.userId);
            return { before, after: save(account(c.userId), {}) };
          })();
        }
        default:
          return db.transaction(() => {
            const before = account(c.userId);
            if (c.userId === by.id && (c.kind === 'disabled' || c.kind === 'role')) throw new AuthRefusal('forbidden', 'an administrator cannot disable or demote their own account');
            let after: UserAccount;
            if (c.kind === 'role') after = save(before, { role: c.role });
            else if (c.kind === 'unit') {
              checkUnit(c.unitId);
              after = save(before, { unitId: c.unitId });
            }
            else if (c.kind === 'disabled') {
              after = save(before, { disabled: c.disabled });
              if (c.disabled) q.endSessions.run(c.userId);
            } else {
              q.setTotp.run(null, 0, '[]', c.userId);
              after = save(before, { enrolled: false });
            }
            return { before, after };
          })();
      }
    },

    /**
     * Whether the officer a command carries may issue it: known, enabled, and holding the
     * permission in the role the central has for them now (not the role the command claims).
     */
    actorMay(userId: string, permission: Permission): { ok: true } | { ok: false; code: string; reason: string } {
      const u = store.get('user_account', userId);
      if (!u) return { ok: false, code: 'forbidden', reason: `no user ${userId} at the central` };
      if (u.disabled) return { ok: false, code: 'account_disabled', reason: `account ${u.username} is disabled` };
      if (!roleCan(u.role, permission)) return { ok: false, code: 'forbidden', reason: `${u.username} (${u.role}) lacks ${permission}` };
      return { ok: true };
    },
  };
}
export type UserAuthority = ReturnType<typeof createUserAuthority>;

/** An argon2id hash of nothing anyone types, with the real parameters: verified against for unknown users. */
let dummyHash: Promise<string> | null = null;
const dummy = (): Promise<string> => (dummyHash ??= argonHash(randomBytes(24).toString('hex'), ARGON2ID));
