import type { Backend } from '../backend';
import { errorMessage, type Logger } from '../log';

/**
 * The piece of Electron's MessagePortMain we use, typed here so the backend never
 * imports 'electron' (it runs under plain Node in the host and in tests).
 */
export type PortLike = {
  on(event: 'message', listener: (e: { data: unknown }) => void): unknown;
  on(event: 'close', listener: () => void): unknown;
  postMessage(message: unknown): void;
  start(): void;
  close(): void;
};

let windows = 0;

/** Serves the board API on one window's port: calls in (each with this window as its caller), results, events and position frames out. */
export function serveOnPort(backend: Backend, port: PortLike, log: Logger): () => void {
  // The window's session: set when the officer signs in over this port, cleared on sign-out.
  const caller = { transport: 'port' as const, origin: `window#${++windows}`, connection: { sessionId: null as string | null } };
  const unsubscribe = backend.subscribe((out) => {
    try {
      port.postMessage(out);
    } catch (e) {
      log('warn', 'port.post_failed', { message: errorMessage(e) });
    }
  });
  port.on('message', (e) => {
    void backend.handle(e.data, caller).then((reply) => port.postMessage(reply));
  });
  port.on('close', unsubscribe);
  port.start();
  return () => {
    unsubscribe();
    port.close();
  };
}
