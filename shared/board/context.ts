/**
 * Who is calling: every board API call carries one, from the transport that received it
 * to the handler (each handler is `(ctx, arg)`). It says which transport and which window
 * or socket, and holds the connection's session: the backend checks each method's
 * permission against that session's officer and role (electron/backend/auth/).
 */
export type CallerContext = {
  transport: 'port' | 'websocket' | 'internal';
  /** The window (Electron) or socket (browser host) the call came from, for logs and audit. */
  origin: string;
  /**
   * The connection's session, shared by every call on it. The browser host sets it from the
   * session cookie the socket was opened with; an Electron window's port gets it when the
   * officer signs in over it (auth.login) and loses it on sign-out.
   */
  connection?: { sessionId: string | null };
};

/** Calls the backend makes on its own behalf, and tests that drive it directly: no session, every permission (the workstation's 'system' actor). */
export const INTERNAL_CALLER: CallerContext = Object.freeze({ transport: 'internal', origin: 'backend' });
