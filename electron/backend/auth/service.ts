import { randomBytes } from 'node:crypto';
import { BoardError, type MethodResult } from '../../../shared/board-api';
import type { AuditInput, AuditLog } from '../audit/log';
import { DEMO_USERNAMES } from '../../../shared/auth/demo';
import { ROLE_PERMISSIONS, roleCan, type Role } from '../../../shared/auth/roles';
import type { SessionUser, UserAccount } from '../../../shared/auth/schema';
import { checkTotp } from '../../../shared/auth/totp';
import type { CentralLoginResult, UnitChange, UnitChangeResult } from '../../../shared/central-api';
import { encodeTreeProblems } from '../../../shared/scope/api';
import type { Unit } from '../../../shared/scope/schema';
import type { Permission } from '../../../shared/permissions';
import type { CallerContext } from '../../../shared/board/context';
import { CentralError, type CentralClient } from '../link/central-client';
import type { Db } from '../store/database';
import type { Logger } from '../log';
import { createSessions, type Session } from './sessions';
import type { Verifiers } from './verifiers';

const THROTTLE_FREE = 5;
const THROTTLE_MAX_S = 15 * 60;
const ENROL_MS = 10 * 60_000;
export const DEFAULT_LOCK_AFTER_MIN = 15;

/** The central did not answer (a network failure, a timeout, a gateway's page): sign in offline. */
const unreachable = (e: unknown): boolean => e instanceof CentralError && (e.code !== 'http' || e.centralCode === undefined);

const refusal = (e: CentralError): BoardError => {
  const code = e.centralCode;
  switch (code) {
    case 'bad_credentials':
    case 'code_replayed':
    case 'account_disabled':
    case 'enrolment_expired':
    case 'forbidden':
    case 'username_taken':
    case 'not_found':
      return new BoardError(code, e.message);
    case 'rate_limited':
      return new BoardError('rate_limited', e.message, { retryAfterS: Math.ceil((e.retryAfterMs ?? 60_000) / 1000) });
    case 'unauthenticated':
      return new BoardError('unauthenticated', e.message);
    default:
      return new BoardError('central_unreachable', e.message);
  }
};

export type AuthDeps = {
  db: Db;
  workstation: string;
  client: () => CentralClient;
  /** The link is cut (demo control): the central counts as unreachable. */
  cut: () => boolean;
  verifiers: Verifiers;
  audit: AuditLog;
  log: Logger;
  demo: boolean;
  /** `--demo-login ROLE` (the demo only): the role the sign-in page signs in by itself. */
  demoLogin: Role | null;
  /** A user as this workstation's replica holds it (the central's account, no secrets). */
  account: (userId: string) => UserAccount | undefined;
  accountByName: (username: string) => UserAccount | undefined;
  /** The unit below the city an officer works for (null: the city's), for the session's view. */
  unitOf?: (userId: string) => SessionUser['unit'] | null;
  /** An officer signed in (inside the sign-in's transaction): the cache becomes their scope's (link/scope.ts). */
  signedIn?: (user: UserAccount) => void;
  /** Tell every connection its session may have changed. */
  changed: (reason: 'locked' | 'unlocked' | 'signed_out' | 'account_changed' | 'settings') => void;
  now?: () => number;
};

/**
 * Signing in and out, the idle lock, the central's users and the workstation's settings.
 * Online, the central decides (password, second factor, throttling) and this workstation
 * caches a verifier; offline, the verifier decides, with its own throttle and replay check.
 * Every outcome is audited here, in the same transaction as what it changes.
 */
export function createAuth(d: AuthDeps) {
  const now = d.now ?? Date.now;
  const meta = {
    get: d.db.prepare<[string], { value: string }>('SELECT value FROM meta WHERE key = ?'),
    put: d.db.prepare<[string, string]>('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value'),
  };
  const lockAfterMinutes = (): number => Number(meta.get.get('lock_after_minutes')?.value ?? DEFAULT_LOCK_AFTER_MIN);
  const sessions = createSessions({ lockAfterMs: () => lockAfterMinutes() * 60_000, now });
  const throttle = {
    get: d.db.prepare<[string], { failures: number; blocked_until: number }>('SELECT failures, blocked_until FROM auth_throttle WHERE subject = ?'),
    put: d.db.prepare<[string, number, number, number]>(
      `INSERT INTO auth_throttle (subject, failures, blocked_until, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (subject) DO UPDATE SET failures = excluded.failures, blocked_until = excluded.blocked_until, updated_at = excluded.updated_at`,
    ),
    clear: d.db.prepare<[string]>('DELETE FROM auth_throttle WHERE subject = ?'),
  };
  /** Enrolments waiting for their first code: the password is kept (in memory, ten minutes) to cache the verifier then. */
  const enrolments = new Map<string, { centralToken: string; username: string; password: string; expiresAt: number }>();

  const audit = (input: AuditInput) => d.audit.append(input);
  const who = (s: Pick<SessionUser, 'userId' | 'username' | 'role'> | null) => (s ? { userId: s.userId, username: s.username, role: s.role } : { userId: null, username: null, role: null });

  // --- the local throttle (offline sign-in and unlock): the central keeps its own
  function checkThrottle(subject: string): void {
    const t = throttle.get.get(subject);
    if (t && t.blocked_until > now()) throw new BoardError('rate_limited', `too many failed attempts for ${subject}`, { retryAfterS: Math.ceil((t.blocked_until - now()) / 1000) });
  }
  function fail(subject: string): void {
    const failures = (throttle.get.get(subject)?.failures ?? 0) + 1;
    const waitS = failures <= THROTTLE_FREE ? 0 : Math.min(THROTTLE_MAX_S, 2 ** (failures - THROTTLE_FREE));
    throttle.put.run(subject, failures, now() + waitS * 1000, now());
  }

  function bind(ctx: CallerContext, s: Session | null): void {
    if (ctx.connection) ctx.connection.sessionId = s?.id ?? null;
  }

  function signIn(ctx: CallerContext, user: UserAccount, how: { offline: boolean; centralToken: string | null; demo?: boolean }): SessionUser {
    const s = d.db.transaction(() => {
      const s = sessions.create({
        userId: user.id, username: user.username, displayName: user.displayName, role: user.role, workstation: d.workstation,
        offline: how.offline, demo: how.demo ?? false, centralToken: how.centralToken, version: user.version,
      });
      audit({ ...who(s), action: 'login', target: null, outcome: 'ok', detail: { offline: how.offline, demo: how.demo ?? false, transport: ctx.transport, origin: ctx.origin } });
      d.signedIn?.(user);
      return s;
    })();
    bind(ctx, s);
    return view(s);
  }
  const view = (s: Session): SessionUser => {
    const unit = d.unitOf?.(s.userId);
    return {
      userId: s.userId, username: s.username, displayName: s.displayName, role: s.role, workstation: s.workstation, signedInAt: s.signedInAt, offline: s.offline, demo: s.demo,
      ...(unit ? { unit } : {}),
    };
  };
  const failed = (username: string, code: string, ctx: CallerContext, offline: boolean) =>
    audit({ userId: d.accountByName(username)?.id ?? null, username: username.slice(0, 64), role: null, action: 'login_failed', target: null, outcome: 'refused', detail: { code, offline, transport: ctx.transport, origin: ctx.origin } });

  /** Whatever session the caller's connection carries (null: none, or no longer valid). */
  function sessionOf(ctx: CallerContext): Session | null {
    const r = sessions.get(ctx.connection?.sessionId);
    return 'session' in r ? r.session : null;
  }

  async function offlineLogin(ctx: CallerContext, arg: { username: string; password: string; code: string }): Promise<SessionUser> {
    const subject = `user:${arg.username.toLowerCase()}`;
    checkThrottle(subject);
    const v = d.verifiers.find(arg.username);
    if (!v) {
      failed(arg.username, 'offline_login_unavailable', ctx, true);
      throw new BoardError('offline_login_unavailable', `${arg.username} has not signed in on this workstation before: the central is needed`);
    }
    const account = d.account(v.userId);
    if (account?.disabled) {
      failed(arg.username, 'account_disabled', ctx, true);
      throw new BoardError('account_disabled', `account ${arg.username} is disabled`);
    }
    const seed = (await d.verifiers.checkPassword(v.userId, arg.password)) ? await d.verifiers.openSeed(v.userId, arg.password) : null;
    if (!seed) {
      fail(subject);
      failed(arg.username, 'bad_credentials', ctx, true);
      throw new BoardError('bad_credentials', 'wrong user name or password');
    }
    const verdict = checkTotp(seed, arg.code, v.lastStep, now());
    if (!verdict.ok) {
      fail(subject);
      failed(arg.username, verdict.code, ctx, true);
      throw new BoardError(verdict.code, verdict.code === 'code_replayed' ? 'this code was already used' : 'wrong code');
    }
    d.verifiers.usedStep(v.userId, verdict.step);
    throttle.clear.run(subject);
    const user: UserAccount = account ?? { id: v.userId, username: v.username, displayName: v.displayName, role: v.role, disabled: false, enrolled: true, version: v.version, updatedAt: 0 };
    return signIn(ctx, { ...user, role: v.role }, { offline: true, centralToken: null });
  }

  /** A session the central granted: sign in here and remember a verifier for outages. */
  async function online(ctx: CallerContext, r: Extract<CentralLoginResult, { status: 'signed_in' }>, password: string): Promise<SessionUser> {
    // The code just used is spent here too: an offline sign-in needs a newer one.
    await d.verifiers.remember(r.user, password, r.totpSecret, Math.floor(now() / 30_000));
    return signIn(ctx, r.user, { offline: false, centralToken: r.session.token });
  }

  return {
    sessions,
    sessionOf,
    lockAfterMinutes,

    /**
     * Whether the caller may use a permission, as a refusal when not: no session or one no
     * longer valid, locked, or a role without it (audited: a call for a role the user lacks).
     */
    authorize(ctx: CallerContext, permission: Permission, method: string): void {
      if (ctx.transport === 'internal' || permission === 'public') return;
      const r = sessions.get(ctx.connection?.sessionId);
      if (!('session' in r)) {
        throw r.problem === 'expired' ? new BoardError('session_expired', 'the session has expired: sign in again') : new BoardError('unauthenticated', 'sign in first');
      }
      const s = r.session;
      if (permission === 'session') return;
      if (sessions.locked(s)) throw new BoardError('locked', 'the board is locked: unlock it with your password');
      if (!roleCan(s.role, permission)) {
        audit({ ...who(s), action: 'forbidden', target: method, outcome: 'refused', detail: { permission, origin: ctx.origin } });
        throw new BoardError('forbidden', `${method} needs ${permission}, which the role ${s.role} does not have`, { permission, role: s.role });
      }
    },

    /** The actor a command carries: the signed-in officer, or the workstation's own 'system' actor. */
    actorOf(ctx: CallerContext): { userId: string; username: string; role: Role | 'system'; workstation: string } {
      const s = sessionOf(ctx);
      return s ? { userId: s.userId, username: s.username, role: s.role, workstation: d.workstation } : { userId: 'system', username: 'system', role: 'system', workstation: d.workstation };
    },

    status(ctx: CallerContext): MethodResult<'auth.status'> {
      const s = sessionOf(ctx);
      return {
        session: s ? view(s) : null,
        locked: s ? sessions.locked(s) : false,
        lockAfterS: lockAfterMinutes() * 60,
        permissions: s ? [...ROLE_PERMISSIONS[s.role]].filter((p) => d.demo || p !== 'demo.control') : [],
        demo: d.demo,
        demoLogin: d.demo ? d.demoLogin : null,
      };
    },

    async login(ctx: CallerContext, arg: { username: string; password: string; code: string }): Promise<MethodResult<'auth.login'>> {
      const username = arg.username.trim().toLowerCase();
      const creds = { username, password: arg.password, code: arg.code.trim().toLowerCase() };
      if (!d.cut()) {
        try {
          const r = await d.client().login(creds);
          if (r.status === 'enrol') {
            const token = randomBytes(32).toString('base64url');
            enrolments.set(token, { centralToken: r.token, username, password: arg.password, expiresAt: now() + ENROL_MS });
            return { status: 'enrol', enrolment: { token, secret: r.secret, otpauthUri: r.otpauthUri } };
          }
          return { status: 'signed_in', session: await online(ctx, r, arg.password) };
        } catch (e) {
          if (!unreachable(e)) {
            const err = e instanceof CentralError ? refusal(e) : new BoardError('internal', String(e));
            failed(username, err.code, ctx, false);
            throw err;
          }
          d.log('info', 'auth.offline_login', { username, why: e instanceof Error ? e.message : String(e) });
        }
      }
      return { status: 'signed_in', session: await offlineLogin(ctx, creds) };
    },

    async enrol(ctx: CallerContext, arg: { token: string; code: string }): Promise<MethodResult<'auth.enrol'>> {
      const pending = enrolments.get(arg.token);
      if (!pending || pending.expiresAt < now()) {
        enrolments.delete(arg.token);
        throw new BoardError('enrolment_expired', 'the enrolment has expired: sign in again');
      }
      let r;
      try {
        r = await d.client().enrol({ token: pending.centralToken, code: arg.code });
      } catch (e) {
        if (e instanceof CentralError && !unreachable(e)) {
          const err = refusal(e);
          failed(pending.username, err.code, ctx, false);
          throw err;
        }
        throw new BoardError('central_unreachable', 'enrolling a second factor needs the central');
      }
      enrolments.delete(arg.token);
      audit({ userId: r.user.id, username: r.user.username, role: r.user.role, action: 'enrol', target: `user:${r.user.id}`, outcome: 'ok', detail: {} });
      const session = await online(ctx, { status: 'signed_in', user: r.user, totpSecret: r.totpSecret, session: r.session }, pending.password);
      return { session, recoveryCodes: r.recoveryCodes };
    },

    /** The demo's sign-in without a password (the sign-in page's demo accounts, `--demo-login ROLE`): a demo backend only. */
    demoLogin(ctx: CallerContext, role: Role): SessionUser {
      if (!d.demo) throw new BoardError('forbidden', 'demo sign-in exists only in the demo build');
      const user = d.accountByName(DEMO_USERNAMES[role]);
      if (!user || user.disabled) throw new BoardError('not_found', `no demo account for ${role} (has the board synchronised with the central?)`);
      return signIn(ctx, user, { offline: false, centralToken: null, demo: true });
    },

    /**
     * The wall PC's session, from its own credential (the wall token the browser host was
     * given): a read-only wall viewer, named after this workstation.
     */
    wallLogin(ctx: CallerContext): SessionUser {
      const user: UserAccount = { id: `wall@${d.workstation}`, username: 'wall', displayName: '大屏', role: 'wall', disabled: false, enrolled: false, version: 1, updatedAt: 0 };
      return signIn(ctx, user, { offline: false, centralToken: null });
    },

    logout(ctx: CallerContext): void {
      const s = sessionOf(ctx);
      if (!s) return;
      d.db.transaction(() => {
        sessions.end(s.id);
        audit({ ...who(s), action: 'logout', target: null, outcome: 'ok', detail: { origin: ctx.origin } });
      })();
      bind(ctx, null);
      d.changed('signed_out');
    },
    lock(ctx: CallerContext): void {
      const s = sessionOf(ctx);
      if (!s || s.lockedByHand) return;
      d.db.transaction(() => {
        sessions.lock(s);
        audit({ ...who(s), action: 'lock', target: null, outcome: 'ok', detail: { idle: false } });
      })();
      d.changed('locked');
    },
    async unlock(ctx: CallerContext, password: string): Promise<void> {
      const s = sessionOf(ctx);
      if (!s) throw new BoardError('unauthenticated', 'sign in first');
      const subject = `unlock:${s.userId}`;
      checkThrottle(subject);
      if (!(await d.verifiers.checkPassword(s.userId, password)) && !(s.demo && d.demo)) {
        fail(subject);
        audit({ ...who(s), action: 'unlock_failed', target: null, outcome: 'refused', detail: {} });
        throw new BoardError('bad_credentials', 'wrong password');
      }
      throttle.clear.run(subject);
      d.db.transaction(() => {
        sessions.unlock(s);
        audit({ ...who(s), action: 'unlock', target: null, outcome: 'ok', detail: {} });
      })();
      d.changed('unlocked');
    },
    activity(ctx: CallerContext): number {
      const s = sessionOf(ctx);
      if (!s) throw new BoardError('unauthenticated', 'sign in first');
      if (!sessions.locked(s)) sessions.touch(s);
      return sessions.lockInS(s);
    },

    /** An administrator's change, made at the central with their central session, audited here with before and after. */
    async changeUser(ctx: CallerContext, change: Parameters<CentralClient['changeUser']>[1]): Promise<UserAccount> {
      const s = sessionOf(ctx);
      if (!s?.centralToken) throw new BoardError('central_unreachable', 'administering users needs an online sign-in at the central');
      let r;
      try {
        r = await d.client().changeUser(s.centralToken, change);
      } catch (e) {
        if (!(e instanceof CentralError)) throw e;
        if (unreachable(e)) throw new BoardError('central_unreachable', e.message);
        // A unit change is part of the command tree's administration: its refusal is on record too (changeUnits).
        if (change.kind === 'unit') audit({ ...who(s), action: 'user_unit_change', target: `user:${change.userId}`, outcome: 'refused', detail: { change, code: e.centralCode } });
        throw refusal(e);
      }
      const action = change.kind === 'create' ? 'user_create' : change.kind === 'role' ? 'role_change' : change.kind === 'unit' ? 'user_unit_change' : change.kind === 'disabled' ? (change.disabled ? 'user_disable' : 'user_enable') : change.kind === 'password' ? 'password_set' : 'second_factor_reset';
      audit({ ...who(s), action, target: `user:${r.after.id}`, outcome: 'ok', detail: { before: r.before, after: r.after } });
      return r.after;
    },

    /**
     * An administrator's change to the command tree, made at the central with their central
     * session. Audited here either way: with before and after, or, refused (a cycle, an orphan,
     * a move under its own descendant, a unit or row not there), with the central's code and
     * the tree's problems. Unreachable, nothing happened and nothing is recorded.
     */
    async changeUnits(ctx: CallerContext, change: UnitChange): Promise<UnitChangeResult> {
      const s = sessionOf(ctx);
      if (!s?.centralToken) throw new BoardError('central_unreachable', 'the command tree is administered at the central: sign in online');
      const target = change.kind === 'save' ? `unit:${change.unit.id}` : change.kind === 'assign' ? `${change.table}:${change.id}` : `unit:${change.unitId}`;
      try {
        const r = await d.client().changeUnits(s.centralToken, change);
        audit({ ...who(s), action: 'unit_change', target, outcome: 'ok', detail: { kind: change.kind, before: r.before, after: r.kind === 'removed' ? null : r.after } });
        return r;
      } catch (e) {
        if (!(e instanceof CentralError) || unreachable(e)) throw e instanceof CentralError ? new BoardError('central_unreachable', e.message) : e;
        const problems = (e.problems ?? []).map(({ unitId, code }) => ({ unitId, code }));
        audit({ ...who(s), action: 'unit_change', target, outcome: 'refused', detail: { kind: change.kind, change, code: e.centralCode, problems } });
        if (e.centralCode === 'bad_tree') throw new BoardError('bad_tree', e.message, { problems: encodeTreeProblems(problems) });
        throw refusal(e);
      }
    },
    async listUnits(ctx: CallerContext): Promise<Unit[]> {
      const s = sessionOf(ctx);
      if (!s?.centralToken) throw new BoardError('central_unreachable', 'the command tree comes from the central: sign in online');
      try {
        return (await d.client().units(s.centralToken)).units;
      } catch (e) {
        throw e instanceof CentralError ? (unreachable(e) ? new BoardError('central_unreachable', e.message) : refusal(e)) : e;
      }
    },
    async listUsers(ctx: CallerContext): Promise<UserAccount[]> {
      const s = sessionOf(ctx);
      if (!s?.centralToken) throw new BoardError('central_unreachable', 'the user list comes from the central: sign in online');
      try {
        return (await d.client().users(s.centralToken)).users;
      } catch (e) {
        throw e instanceof CentralError ? (unreachable(e) ? new BoardError('central_unreachable', e.message) : refusal(e)) : e;
      }
    },

    setLockAfter(ctx: CallerContext, minutes: number): number {
      const s = sessionOf(ctx);
      const before = lockAfterMinutes();
      d.db.transaction(() => {
        meta.put.run('lock_after_minutes', String(minutes));
        audit({ ...who(s), action: 'setting_change', target: 'setting:lock_after_minutes', outcome: 'ok', detail: { before, after: minutes } });
      })();
      d.changed('settings');
      return minutes;
    },

    /**
     * The central's accounts moved on (the replica changed): sessions of a disabled account
     * or of an older version end, verifiers of older versions are dropped.
     */
    obey(): void {
      const dropped = d.verifiers.obey(d.account);
      if (dropped.length > 0) d.log('info', 'auth.verifiers_dropped', { users: dropped });
      const accounts = new Map<string, UserAccount>();
      for (const s of sessions.all()) {
        const a = d.account(s.userId);
        if (a) accounts.set(a.id, a);
      }
      let ended = 0;
      for (const s of sessions.all()) {
        const a = accounts.get(s.userId);
        if (!a || s.demo) continue;
        if (a.disabled || a.version !== s.version) {
          sessions.end(s.id);
          ended++;
          audit({ ...who(s), action: 'logout', target: null, outcome: 'ok', detail: { reason: a.disabled ? 'account disabled at the central' : 'account changed at the central' } });
        }
      }
      if (ended > 0) d.changed('account_changed');
    },
  };
}
export type Auth = ReturnType<typeof createAuth>;
