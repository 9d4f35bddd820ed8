import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BoardClient } from '../api/board-client';
import { SessionContext, sessionView, type AuthStatus } from '../api/session';
import type { AuthApi } from './auth-api';
import { createIdleTracker } from './idle';
import { LockScreen } from './LockScreen';
import { SignInScreen } from './SignInScreen';

/** The session is read again this often as well as on every auth.changed event. */
const STATUS_EVERY_MS = 20_000;
const INPUT_EVENTS = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

type Gate = { kind: 'checking' } | { kind: 'signed_out' } | { kind: 'signed_in'; client: BoardClient };

/**
 * Nobody sees the board without signing in. Signed in, the session is watched: locked
 * (by hand, by the idle timer here, or by the backend) shows the lock screen, and the board
 * behind it is unmounted, not covered; a session gone (signed out elsewhere, expired, the
 * account disabled at the central) returns to the sign-in screen. Ctrl+Shift+L signs out,
 * Ctrl+Shift+K locks: one keystroke each, as at a shift change.
 *
 * `client()` makes the board client once signed in: in a browser the board socket needs
 * the session cookie, so it is not opened before.
 */
export function AuthGate({ api, client: makeClient, reloadOnSignOut, children }: { api: AuthApi; client: () => BoardClient; reloadOnSignOut: boolean; children(client: BoardClient): ReactNode }) {
  const [gate, setGate] = useState<Gate>({ kind: 'checking' });
  const clientRef = useRef<BoardClient | null>(null);
  const open = useCallback(() => {
    clientRef.current ??= makeClient();
    setGate({ kind: 'signed_in', client: clientRef.current });
  }, [makeClient]);

  useEffect(() => {
    let live = true;
    api.signedIn().then(
      (yes) => live && (yes ? open() : setGate({ kind: 'signed_out' })),
      () => live && setGate({ kind: 'signed_out' }),
    );
    return () => {
      live = false;
    };
  }, [api, open]);

  const signedOut = useCallback(() => {
    // In a browser the socket, its client and everything the board held go with the page.
    if (reloadOnSignOut) location.reload();
    else setGate({ kind: 'signed_out' });
  }, [reloadOnSignOut]);

  if (gate.kind === 'checking') return null;
  if (gate.kind === 'signed_out') return <SignInScreen api={api} onSignedIn={open} />;
  return (
    <Session client={gate.client} api={api} onSignedOut={signedOut}>
      {children(gate.client)}
    </Session>
  );
}

function Session({ client, api, onSignedOut, children }: { client: BoardClient; api: AuthApi; onSignedOut(): void; children: ReactNode }) {
  const { t } = useTranslation('signin');
  const [status, setStatus] = useState<AuthStatus | null>(null);
  const statusRef = useRef<AuthStatus | null>(null);
  statusRef.current = status;

  const read = useCallback(() => {
    client.call('auth.status', {}).then(
      (s) => {
        setStatus(s);
        if (!s.session) onSignedOut();
      },
      () => {}, // the host is away: the board says so; the next event or beat reads again
    );
  }, [client, onSignedOut]);

  useEffect(() => {
    read();
    const timer = setInterval(read, STATUS_EVERY_MS);
    const offs = [
      client.on('auth.changed', read),
      // A socket that cannot reopen may have lost its session (the host restarted, the session
      // expired): the sign-in screen, rather than a board waiting forever.
      client.onConnection((c) => {
        if (c === 'open') read();
        else void api.signedIn().then((yes) => !yes && onSignedOut(), () => {});
      }),
    ];
    return () => {
      clearInterval(timer);
      offs.forEach((off) => off());
    };
  }, [client, read, api, onSignedOut]);

  const logout = useCallback(() => {
    void api.logout().then(onSignedOut);
  }, [api, onSignedOut]);
  const lock = useCallback(() => {
    void client.call('auth.lock', {}).then(read, read);
  }, [client, read]);

  // The officer's presence: reported to the backend, and the board locks itself when idle.
  const tracker = useMemo(() => createIdleTracker(() => (statusRef.current?.lockAfterS ?? 900) * 1000), []);
  useEffect(() => {
    const onInput = () => {
      const s = statusRef.current;
      if (!s?.session || s.locked) return;
      if (tracker.input(Date.now())) void client.call('auth.activity', {}).catch(() => {});
    };
    for (const e of INPUT_EVENTS) window.addEventListener(e, onInput, { passive: true, capture: true });
    const idleTimer = setInterval(() => {
      const s = statusRef.current;
      // A wall is watched, not operated: it never idles into the lock.
      if (s?.session && !s.locked && s.session.role !== 'wall' && tracker.idle(Date.now())) lock();
    }, 1000);
    return () => {
      for (const e of INPUT_EVENTS) window.removeEventListener(e, onInput, { capture: true });
      clearInterval(idleTimer);
    };
  }, [client, tracker, lock]);

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || !e.shiftKey || e.altKey) return;
      if (e.key === 'L' || e.key === 'l') {
        e.preventDefault();
        logout();
      } else if ((e.key === 'K' || e.key === 'k') && !statusRef.current?.locked) {
        e.preventDefault();
        lock();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [logout, lock]);

  const view = useMemo(() => (status ? sessionView(status, { logout, lock }) : null), [status, logout, lock]);
  if (!status || !view || !status.session) return null;
  if (status.locked) {
    return (
      <LockScreen
        session={status.session}
        onLogout={logout}
        onUnlock={async (password) => {
          await client.call('auth.unlock', { password });
          tracker.reset(Date.now());
          document.title = t('app:app.name');
          read();
        }}
      />
    );
  }
  return <SessionContext.Provider value={view}>{children}</SessionContext.Provider>;
}
