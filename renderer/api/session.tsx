import { createContext, useContext } from 'react';
import type { MethodResult } from '../../shared/board-api';
import type { Permission } from '../../shared/permissions';

export type AuthStatus = MethodResult<'auth.status'>;

/**
 * Who is signed in at this board, for the views: their name and role (the top bar), what
 * they may do (a view offers only what the role may do; the backend checks every call
 * anyway: hiding a button is not security), and signing out or locking.
 */
export type SessionView = {
  status: AuthStatus;
  can(permission: Permission): boolean;
  /** Signs out (one keystroke: Ctrl+Shift+L), back to the sign-in screen. */
  logout(): void;
  /** Locks now (Ctrl+Shift+K): the map and the data are hidden until the password unlocks them. */
  lock(): void;
};

const NOBODY: SessionView = {
  status: { session: null, locked: false, lockAfterS: 900, permissions: [], demo: false, demoLogin: null },
  can: () => false,
  logout: () => {},
  lock: () => {},
};

export const SessionContext = createContext<SessionView>(NOBODY);

export function useSession(): SessionView {
  return useContext(SessionContext);
}

/** A session view for a given status (tests, the wall). */
export function sessionView(status: AuthStatus, actions: Pick<SessionView, 'logout' | 'lock'> = NOBODY): SessionView {
  return { status, can: (p) => status.permissions.includes(p), logout: actions.logout, lock: actions.lock };
}
