import { BINARY_RESULT_MAGIC, decodeBinaryResult, frameMagic } from '../../shared/board/binary-result';
import {
  BoardError,
  boardEvents,
  allBoardMethods,
  describeIssues,
  isBoardEvent,
  isBoardMethod,
  serverMessageSchema,
  type BoardEvent,
  type BoardMethod,
  type ClientMessage,
  type EventData,
  type MethodArg,
  type MethodResult,
  type ServerMessage,
} from '../../shared/board-api';
import { checkFrame, type CheckedPositionsFrame } from './positions-frame';
import type { BoardTransport, TransportState } from './transport';

export type ConnectionState = TransportState;

export type BoardClientStats = {
  /** Messages from the backend that failed validation (logged, then dropped). */
  invalidMessages: number;
  /** Binary frames that were neither a well-formed position batch nor a well-formed binary result. */
  invalidFrames: number;
  /** Calls that failed with a BoardError of any code. */
  failedCalls: number;
};

export type BoardClient = {
  call<M extends BoardMethod>(method: M, arg: MethodArg<M>): Promise<MethodResult<M>>;
  on<E extends BoardEvent>(name: E, fn: (data: EventData<E>) => void): () => void;
  /** Each frame with its header already checked: listeners read `checked`, never check again. */
  onPositions(fn: (frame: ArrayBuffer, checked: CheckedPositionsFrame) => void): () => void;
  onConnection(fn: (state: ConnectionState) => void): () => void;
  connection(): ConnectionState;
  stats(): Readonly<BoardClientStats>;
  readonly transportKind: string;
  close(): void;
};

export type BoardClientOptions = {
  /** A call unanswered this long fails with `unavailable`. */
  timeoutMs?: number;
  /** Injected for tests; defaults to console.error. */
  logError?: (message: string, detail?: unknown) => void;
};

export const DEFAULT_CALL_TIMEOUT_MS = 15_000;

type Pending = {
  method: BoardMethod;
  resolve(value: unknown): void;
  reject(error: BoardError): void;
  timer: ReturnType<typeof setTimeout>;
  /** Sent on the current connection; unsent calls wait in `queue` for the next open. */
  sent: boolean;
};

/**
 * The renderer's only way to the backend. Everything that arrives is validated against
 * shared/board-api.ts; anything invalid is logged and counted, never thrown into React.
 */
export function createBoardClient(transport: BoardTransport, options: BoardClientOptions = {}): BoardClient {
  const timeoutMs = options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const logError = options.logError ?? ((message: string, detail?: unknown) => console.error(message, detail));
  const stats: BoardClientStats = { invalidMessages: 0, invalidFrames: 0, failedCalls: 0 };
  const pending = new Map<number, Pending>();
  const queue: ClientMessage[] = [];
  const eventListeners = new Map<BoardEvent, Set<(data: never) => void>>();
  const positionListeners = new Set<(frame: ArrayBuffer, checked: CheckedPositionsFrame) => void>();
  const connectionListeners = new Set<(state: ConnectionState) => void>();
  let state: ConnectionState = 'closed';
  let nextId = 1;
  let closed = false;

  const invalid = (what: string, detail?: unknown) => {
    stats.invalidMessages++;
    logError(`[board] invalid message from backend: ${what}`, detail);
  };

  const settle = (id: number): Pending | undefined => {
    const p = pending.get(id);
    if (!p) return undefined;
    pending.delete(id);
    clearTimeout(p.timer);
    return p;
  };

  const fail = (id: number, error: BoardError) => {
    const p = settle(id);
    if (!p) return;
    stats.failedCalls++;
    p.reject(error);
  };

  // Listener errors are the UI's bugs; they must not break delivery to other listeners.
  const safely = <T>(fn: (value: T) => void, value: T, what: string) => {
    try {
      fn(value);
    } catch (error) {
      logError(`[board] ${what} listener threw`, error);
    }
  };

  const flush = () => {
    while (queue.length > 0 && state === 'open') {
      const message = queue[0]!;
      if (!transport.send(message)) return;
      queue.shift();
      const p = pending.get(message.id);
      if (p) p.sent = true;
    }
  };

  const handleMessage = (raw: unknown) => {
    let data = raw;
    if (typeof raw === 'string') {
      try {
        data = JSON.parse(raw);
      } catch {
        invalid('not JSON', raw.slice(0, 200));
        return;
      }
    }
    const parsed = serverMessageSchema.safeParse(data);
    if (!parsed.success) {
      invalid(describeIssues(parsed.error), data);
      return;
    }
    const message = parsed.data;
    if (message.kind === 'event') {
      if (!isBoardEvent(message.name)) {
        invalid(`unknown event ${message.name}`);
        return;
      }
      const event = boardEvents[message.name].safeParse(message.data);
      if (!event.success) {
        invalid(`event ${message.name}: ${describeIssues(event.error)}`, message.data);
        return;
      }
      for (const fn of [...(eventListeners.get(message.name) ?? [])]) {
        safely(fn as (d: unknown) => void, event.data, message.name);
      }
      return;
    }
    handleResult(message);
  };

  const handleResult = (message: Extract<ServerMessage, { kind: 'result' }>) => {
    const p = pending.get(message.id);
    if (!p) {
      // Usually a late answer to a call that already timed out: not the backend's fault.
      console.warn(`[board] result for unknown call ${message.id}`);
      return;
    }
    if (!message.ok) {
      fail(message.id, new BoardError(message.error.code, message.error.message, message.error.params));
      return;
    }
    const result = allBoardMethods[p.method].result.safeParse(message.value);
    if (!result.success) {
      const text = `${p.method} result: ${describeIssues(result.error)}`;
      invalid(text, message.value);
      fail(message.id, new BoardError('internal', `invalid ${text}`));
      return;
    }
    settle(message.id)?.resolve(result.data);
  };

  const handleFrame = (frame: ArrayBuffer) => {
    if (frameMagic(frame) === BINARY_RESULT_MAGIC) {
      // A result with bytes (a base-map tile), sent over the WebSocket as a frame of its own.
      let decoded: { id: number; data: Uint8Array };
      try {
        decoded = decodeBinaryResult(frame);
      } catch (error) {
        stats.invalidFrames++;
        logError('[board] invalid binary result frame', error);
        return;
      }
      handleResult({ kind: 'result', id: decoded.id, ok: true, value: { data: decoded.data } });
      return;
    }
    let checked: CheckedPositionsFrame;
    try {
      checked = checkFrame(frame);
    } catch (error) {
      stats.invalidFrames++;
      logError('[board] invalid position frame', error);
      return;
    }
    for (const fn of [...positionListeners]) safely((f: ArrayBuffer) => fn(f, checked), frame, 'positions');
  };

  const handleState = (next: ConnectionState) => {
    if (closed || next === state) return;
    state = next;
    if (next === 'closed') {
      // Calls already on the wire will never be answered on the next connection.
      for (const [id, p] of [...pending]) {
        if (p.sent) fail(id, new BoardError('unavailable', 'connection to the backend closed'));
      }
    }
    for (const fn of [...connectionListeners]) safely(fn, next, 'connection');
    if (next === 'open') flush();
  };

  transport.connect({ message: handleMessage, frame: handleFrame, state: handleState });

  return {
    transportKind: transport.kind,
    call<M extends BoardMethod>(method: M, arg: MethodArg<M>): Promise<MethodResult<M>> {
      if (closed) return Promise.reject(new BoardError('unavailable', 'board client closed'));
      if (!isBoardMethod(method)) return Promise.reject(new BoardError('unknown_method', String(method)));
      // Checked here too so a bug in the renderer fails at its source, with a clear message.
      const checked = allBoardMethods[method].arg.safeParse(arg);
      if (!checked.success) {
        stats.failedCalls++;
        return Promise.reject(new BoardError('bad_request', `${method}: ${describeIssues(checked.error)}`));
      }
      const id = nextId++;
      return new Promise<MethodResult<M>>((resolve, reject) => {
        const timer = setTimeout(() => {
          const i = queue.findIndex((m) => m.id === id);
          if (i >= 0) queue.splice(i, 1);
          fail(id, new BoardError('unavailable', `${method}: no answer within ${Math.round(timeoutMs / 1000)} s`));
        }, timeoutMs);
        pending.set(id, { method, resolve: resolve as (v: unknown) => void, reject, timer, sent: false });
        queue.push({ kind: 'call', id, method, arg: checked.data });
        flush();
      });
    },
    on(name, fn) {
      let set = eventListeners.get(name);
      if (!set) eventListeners.set(name, (set = new Set()));
      const listener = fn as (data: never) => void;
      set.add(listener);
      return () => void set.delete(listener);
    },
    onPositions(fn) {
      positionListeners.add(fn);
      return () => void positionListeners.delete(fn);
    },
    onConnection(fn) {
      connectionListeners.add(fn);
      return () => void connectionListeners.delete(fn);
    },
    connection: () => state,
    stats: () => ({ ...stats }),
    close() {
      if (closed) return;
      for (const id of [...pending.keys()]) fail(id, new BoardError('unavailable', 'board client closed'));
      queue.length = 0;
      closed = true;
      transport.close();
    },
  };
}
