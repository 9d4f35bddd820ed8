import type { Role } from '../../shared/auth/roles';
import type { SessionUser } from '../../shared/auth/schema';
import { BoardError, boardErrorSchema, type MethodResult } from '../../shared/board-api';
import type { BoardClient } from '../api/board-client';

export type LoginResult = MethodResult<'auth.login'>;
export type EnrolResult = MethodResult<'auth.enrol'>;

/**
 * Signing in, as each shell does it. A browser signs in over HTTP at the host that served
 * it (which answers with an HttpOnly session cookie its board socket then needs); the
 * Electron window over its board port. Both reach the same checks in the backend, and both
 * fail with the same BoardError codes.
 */
export type AuthApi = {
  /** Whether this page already has a session (a reload keeps it). */
  signedIn(): Promise<boolean>;
  login(arg: { username: string; password: string; code: string }): Promise<LoginResult>;
  enrol(arg: { token: string; code: string }): Promise<EnrolResult>;
  logout(): Promise<void>;
  /** The embedded demo: its sign-in page offers the demo accounts, and `autoRole` (--demo-login ROLE) signs in by itself. */
  demo(): Promise<{ demo: boolean; autoRole: Role | null }>;
  /** Signs a demo account in (the demo build only). */
  demoLogin(role: Role): Promise<SessionUser>;
};

async function post<T>(fetcher: typeof fetch, path: string, body: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetcher(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body), credentials: 'same-origin' });
  } catch {
    throw new BoardError('unavailable', 'the board’s host did not answer');
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = boardErrorSchema.safeParse(json);
    throw err.success ? new BoardError(err.data.code, err.data.message, err.data.params) : new BoardError('unavailable', `HTTP ${res.status}`);
  }
  return json as T;
}

/** The browser host's HTTP sign-in. */
export function httpAuthApi(fetcher: typeof fetch = fetch.bind(globalThis)): AuthApi {
  return {
    async signedIn() {
      const res = await fetcher('/auth/session', { credentials: 'same-origin' }).catch(() => null);
      if (!res?.ok) return false;
      return ((await res.json()) as { signedIn?: boolean }).signedIn === true;
    },
    login: (arg) => post<LoginResult>(fetcher, '/auth/login', arg),
    enrol: (arg) => post<EnrolResult>(fetcher, '/auth/enrol', arg),
    logout: async () => {
      await post(fetcher, '/auth/logout', {}).catch(() => {});
    },
    async demo() {
      const res = await fetcher('/auth/session', { credentials: 'same-origin' }).catch(() => null);
      if (!res?.ok) return { demo: false, autoRole: null };
      const body = (await res.json()) as { demo?: boolean; demoLogin?: Role };
      return { demo: body.demo === true, autoRole: body.demo === true ? (body.demoLogin ?? null) : null };
    },
    demoLogin: async (role) => (await post<{ session: SessionUser }>(fetcher, '/auth/demo', { role })).session,
  };
}

/** The Electron window's sign-in, over its board port. */
export function portAuthApi(client: BoardClient): AuthApi {
  return {
    signedIn: async () => (await client.call('auth.status', {})).session !== null,
    login: (arg) => client.call('auth.login', arg),
    enrol: (arg) => client.call('auth.enrol', arg),
    logout: async () => {
      await client.call('auth.logout', {}).catch(() => {});
    },
    demo: async () => {
      const s = await client.call('auth.status', {});
      return { demo: s.demo, autoRole: s.demo ? s.demoLogin : null };
    },
    demoLogin: async (role) => (await client.call('auth.demoLogin', { role })).session,
  };
}
