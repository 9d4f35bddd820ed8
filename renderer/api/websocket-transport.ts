import type { ClientMessage } from '../../shared/board-api';
import type { BoardTransport, TransportSink } from './transport';

export type WebSocketLike = {
  binaryType: BinaryType;
  readonly readyState: number;
  onopen: ((event: Event) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  send(data: string): void;
  close(code?: number, reason?: string): void;
};

export type WebSocketTransportOptions = {
  url: string;
  /** Injected for tests. */
  createSocket?: (url: string) => WebSocketLike;
  /** First reconnect delay; doubles up to maxDelayMs, reset by a successful open. */
  initialDelayMs?: number;
  maxDelayMs?: number;
  /** 0..1 share of the delay randomised so many wall screens do not reconnect in step. */
  jitter?: number;
  random?: () => number;
};

const OPEN = 1;

/**
 * Browser host: one WebSocket to /board. Text frames are JSON wire messages, binary
 * frames are position batches. Reconnects with capped exponential backoff until closed.
 */
export function createWebSocketTransport(options: WebSocketTransportOptions): BoardTransport {
  const createSocket = options.createSocket ?? ((url: string) => new WebSocket(url));
  const initialDelayMs = options.initialDelayMs ?? 500;
  const maxDelayMs = options.maxDelayMs ?? 10_000;
  const jitter = options.jitter ?? 0.2;
  const random = options.random ?? Math.random;
  let socket: WebSocketLike | null = null;
  let sink: TransportSink | null = null;
  let delay = initialDelayMs;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let closed = false;

  const scheduleReconnect = () => {
    if (closed || timer) return;
    const wait = delay * (1 - jitter + 2 * jitter * random());
    delay = Math.min(maxDelayMs, delay * 2);
    timer = setTimeout(() => {
      timer = null;
      open();
    }, wait);
  };

  const open = () => {
    if (closed || !sink) return;
    const target = sink;
    let ws: WebSocketLike;
    try {
      ws = createSocket(options.url);
    } catch (error) {
      console.error('[board] cannot open WebSocket', error);
      scheduleReconnect();
      return;
    }
    socket = ws;
    ws.binaryType = 'arraybuffer';
    ws.onopen = () => {
      if (socket !== ws) return;
      delay = initialDelayMs;
      target.state('open');
    };
    ws.onmessage = (event) => {
      if (socket !== ws) return;
      if (event.data instanceof ArrayBuffer) target.frame(event.data);
      else target.message(event.data);
    };
    // 'error' is always followed by 'close'; reconnecting happens there, once.
    ws.onerror = () => {};
    ws.onclose = () => {
      if (socket !== ws) return;
      socket = null;
      target.state('closed');
      scheduleReconnect();
    };
  };

  return {
    kind: 'websocket',
    connect(s) {
      sink = s;
      open();
    },
    send(message: ClientMessage) {
      if (!socket || socket.readyState !== OPEN) return false;
      socket.send(JSON.stringify(message));
      return true;
    },
    close() {
      closed = true;
      if (timer) clearTimeout(timer);
      timer = null;
      const ws = socket;
      socket = null;
      ws?.close(1000, 'closed by the board');
    },
  };
}

/**
 * The wall PC's token comes in the page URL (`/wall?token=`): the host has already signed
 * the wall in by it (a session cookie) when it served the page, so the page only takes it
 * out of the address bar, where a screenshot or a passer-by would read it.
 */
export function dropTokenFromAddress(loc: Pick<Location, 'href'> = location, hist: History | null = history): void {
  const url = new URL(loc.href);
  if (!url.searchParams.has('token')) return;
  url.searchParams.delete('token');
  hist?.replaceState(hist.state, '', url.pathname + url.search + url.hash);
}

/** The board socket of the host that served the page: its session cookie goes with it. */
export function boardSocketUrl(loc: Pick<Location, 'protocol' | 'host'>): string {
  const scheme = loc.protocol === 'https:' ? 'wss' : 'ws';
  return `${scheme}://${loc.host}/board`;
}
