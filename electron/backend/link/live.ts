import WebSocket from 'ws';
import { liveMessageSchema, type LiveMessage } from '../../../shared/central-api';
import { describeIssues } from '../../../shared/board-api';
import type { Logger } from '../log';

/** The central sends a position batch every second; this long with nothing means a dead link. */
export const LIVE_SILENCE_MS = 5_000;
const BACKOFF_BASE_MS = 500;
const BACKOFF_CAP_MS = 10_000;
const MAX_FRAME_BYTES = 8 * 1024 * 1024;

/**
 * The central's live stream: position batches (binary) and change notifications
 * (JSON). Reconnects by itself with capped, fully jittered backoff; a silent socket
 * (half-open TCP) is torn down by a watchdog. Unknown or malformed text messages
 * are logged and counted, never acted on.
 */
export function createLiveStream(deps: {
  /** Asked at each (re)connect: the endpoint in service may have changed. */
  url: () => string;
  /** Headers of the upgrade request (the workstation's credential). */
  headers?: () => Record<string, string>;
  /** TLS trust for a wss:// central (the CA, the pin: central-tls.ts), asked at each connect. */
  tls?: () => object;
  /** While true (link cut by the demo control) no connection is attempted. */
  blocked?: () => boolean;
  log: Logger;
  onOpen: () => void;
  onClose: (reason: string) => void;
  onMessage: (m: LiveMessage) => void;
  onPositions: (frame: Buffer) => void;
  silenceMs?: number;
}) {
  const silenceMs = deps.silenceMs ?? LIVE_SILENCE_MS;
  let ws: WebSocket | null = null;
  let stopped = false;
  let attempt = 0;
  let retryTimer: NodeJS.Timeout | null = null;
  let watchdog: NodeJS.Timeout | null = null;
  let rejected = 0;

  const armWatchdog = () => {
    if (watchdog) clearTimeout(watchdog);
    watchdog = setTimeout(() => {
      deps.log('warn', 'live.silent', { ms: silenceMs });
      ws?.terminate();
    }, silenceMs);
  };

  const retryLater = () => {
    const delay = Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt++);
    retryTimer = setTimeout(connect, delay);
  };

  function connect() {
    retryTimer = null;
    if (stopped) return;
    if (deps.blocked?.()) {
      retryLater();
      return;
    }
    const sock = new WebSocket(deps.url(), { maxPayload: MAX_FRAME_BYTES, handshakeTimeout: 5_000, headers: deps.headers?.() ?? {}, ...(deps.tls?.() ?? {}) });
    ws = sock;
    let opened = false;
    sock.on('open', () => {
      opened = true;
      attempt = 0;
      armWatchdog();
      deps.onOpen();
    });
    sock.on('message', (data, isBinary) => {
      armWatchdog();
      const buf = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      if (isBinary) return deps.onPositions(buf);
      let json: unknown;
      try {
        json = JSON.parse(buf.toString('utf8'));
      } catch {
        rejected++;
        deps.log('error', 'live.bad_message', { reason: 'not JSON', bytes: buf.length });
        return;
      }
      const parsed = liveMessageSchema.safeParse(json);
      if (!parsed.success) {
        rejected++;
        deps.log('error', 'live.bad_message', { reason: describeIssues(parsed.error) });
        return;
      }
      deps.onMessage(parsed.data);
    });
    sock.on('error', (e) => deps.log('debug', 'live.error', { message: e.message }));
    sock.on('close', (code) => {
      if (watchdog) clearTimeout(watchdog);
      if (ws === sock) ws = null;
      deps.onClose(opened ? `live stream closed (${code})` : 'central not reachable');
      if (!stopped) retryLater();
    });
  }

  return {
    start: connect,
    rejectedMessages: () => rejected,
    /** Drop the current connection and connect again now (endpoint switched, link restored). */
    reconnect() {
      attempt = 0;
      if (ws) ws.terminate();
      else if (retryTimer) {
        clearTimeout(retryTimer);
        connect();
      }
    },
    close() {
      stopped = true;
      if (retryTimer) clearTimeout(retryTimer);
      if (watchdog) clearTimeout(watchdog);
      ws?.terminate();
    },
  };
}
