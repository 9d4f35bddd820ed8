import type { ClientMessage } from '../../shared/board-api';

/**
 * What the board client needs from a channel to the backend. The client never knows
 * which one it has (DESIGN.md): an Electron MessagePort or a WebSocket to the browser host.
 */
export type TransportState = 'open' | 'closed';

export type TransportSink = {
  /**
   * A text message from the backend, not yet trusted: a structured-clone object
   * (MessagePort) or a JSON string (WebSocket). The client parses and validates it.
   */
  message(data: unknown): void;
  /**
   * A binary frame, told apart by its magic: a position batch (shared/positions-codec.ts),
   * or over the WebSocket a result with bytes (shared/board/binary-result.ts).
   */
  frame(data: ArrayBuffer): void;
  state(state: TransportState): void;
};

export type BoardTransport = {
  /** Human-readable name for diagnostics ("electron", "websocket"). */
  readonly kind: string;
  /** Starts delivering to the sink; called once. */
  connect(sink: TransportSink): void;
  /** False when the channel is not open; the message is then not sent. */
  send(message: ClientMessage): boolean;
  close(): void;
};
