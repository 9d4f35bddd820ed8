import { randomBytes } from 'node:crypto';
import type { Role } from '../../../shared/auth/roles';
import type { SessionUser } from '../../../shared/auth/schema';

/** A signed-in officer lasts at most a long shift; then they sign in again. */
export const SESSION_MAX_MS = 14 * 3600_000;
/** Ids are 32 random bytes: a forged one is a guess against 2^256. */
const ID_BYTES = 32;

export type Session = SessionUser & {
  id: string;
  /** The officer's last key press or pointer move at the board (auth.activity), or sign-in. */
  lastActivityAt: number;
  /** Locked by the officer (or by the idle timer, which `locked()` also tells). */
  lockedByHand: boolean;
  /** The central's session for this officer (administrators' requests), when signed in online. */
  centralToken: string | null;
  /** The account version signed in with: a newer one at the central ends the session. */
  version: number;
};

/**
 * The board's sessions, in memory (a restart signs everyone out). A session is valid for
 * SESSION_MAX_MS; it locks after the configured idle time without the officer's activity
 * (the renderer reports key presses and pointer moves; polling does not count) or when
 * locked by hand, and then only unlocking, signing out and the status are allowed.
 */
export function createSessions(opts: { lockAfterMs: () => number; now?: () => number }) {
  const now = opts.now ?? Date.now;
  const byId = new Map<string, Session>();

  const expired = (s: Session) => now() - s.signedInAt > SESSION_MAX_MS;
  return {
    create(user: Omit<SessionUser, 'signedInAt'> & { centralToken: string | null; version: number }): Session {
      const s: Session = { ...user, signedInAt: now(), id: randomBytes(ID_BYTES).toString('base64url'), lastActivityAt: now(), lockedByHand: false };
      byId.set(s.id, s);
      return s;
    },
    /** The session, or why there is none: never issued (forged), or over its lifetime. */
    get(id: string | null | undefined): { session: Session } | { problem: 'none' | 'expired' } {
      if (!id) return { problem: 'none' };
      const s = byId.get(id);
      if (!s) return { problem: 'none' };
      if (expired(s)) {
        byId.delete(id);
        return { problem: 'expired' };
      }
      return { session: s };
    },
    // A wall is watched, not operated: it has no keys to press, and it only reads.
    locked: (s: Session): boolean => s.lockedByHand || (s.role !== 'wall' && now() - s.lastActivityAt >= opts.lockAfterMs()),
    /** Seconds until the idle lock (0 when locked). */
    lockInS: (s: Session): number => (s.lockedByHand ? 0 : Math.max(0, (s.lastActivityAt + opts.lockAfterMs() - now()) / 1000)),
    touch(s: Session): void {
      s.lastActivityAt = now();
    },
    lock(s: Session): void {
      s.lockedByHand = true;
    },
    unlock(s: Session): void {
      s.lockedByHand = false;
      s.lastActivityAt = now();
    },
    end: (id: string): boolean => byId.delete(id),
    /** Every session of a user (an account disabled, its password or role changed at the central). */
    ofUser: (userId: string): Session[] => [...byId.values()].filter((s) => s.userId === userId),
    all: (): Session[] => [...byId.values()],
    roleOf: (s: Session): Role => s.role,
  };
}
export type Sessions = ReturnType<typeof createSessions>;
