/**
 * Who is calling: every board API call carries one, from the transport that received it
 * to the handler (each handler is `(ctx, arg)`). Today it says which transport and which
 * window or socket; the logins add the officer, role, unit and workstation, and each
 * method's permission is checked against it.
 */
export type CallerContext = {
  transport: 'port' | 'websocket' | 'internal';
  /** The window (Electron) or socket (browser host) the call came from, for logs and audit. */
  origin: string;
  /**
   * 'wall': the caller came in with the browser host's wall token (a wall PC's bookmark),
   * which admits reading only. Absent: the board's own credential (a console).
   */
  credential?: 'wall';
};

/** Calls the backend makes on its own behalf, and tests that drive it directly. */
export const INTERNAL_CALLER: CallerContext = Object.freeze({ transport: 'internal', origin: 'backend' });
