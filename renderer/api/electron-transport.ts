import type { ClientMessage } from '../../shared/board-api';
import { BOARD_PORT_CHANNEL, BOARD_PORT_REQUEST } from '../../shared/shell-channels';
import type { BoardTransport, TransportSink } from './transport';

/** What the preload exposes through contextBridge; nothing else crosses. */
export type JingbaoShell = {
  kind: 'electron';
  /** Where a file the officer chose lies on this machine (Settings → Cities imports it from there). */
  pathForFile?(file: File): string;
};

declare global {
  interface Window {
    jingbaoShell?: JingbaoShell;
  }
}

/** The message type the preload posts the port with. */
export const BOARD_PORT_MESSAGE = BOARD_PORT_CHANNEL;
/**
 * BOARD_PORT_REQUEST is sent by the renderer when it starts listening. The preload may
 * post the port before this page's scripts run (the message would then be lost); a
 * preload that answers this request by posting the port again closes that gap.
 */
export { BOARD_PORT_REQUEST };

type PortMessage = { type: typeof BOARD_PORT_MESSAGE };

function isPortMessage(data: unknown): data is PortMessage {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === BOARD_PORT_MESSAGE;
}

/**
 * Electron: the preload transfers a MessagePort to the backend with
 * `window.postMessage({ type: 'jingbao:board-port' }, '*', [port])`. Messages on the port
 * are structured clones of the wire messages; position batches arrive as ArrayBuffers.
 * A second port (the backend restarted) replaces the first.
 */
export function createElectronTransport(win: Window = window): BoardTransport {
  let port: MessagePort | null = null;
  let sink: TransportSink | null = null;
  let closed = false;

  const dropPort = () => {
    if (!port) return;
    port.onmessage = null;
    port.close();
    port = null;
  };

  const onWindowMessage = (event: MessageEvent) => {
    // Only our own preload posts to this window; frames and other origins are ignored.
    if (event.source !== win || !isPortMessage(event.data)) return;
    const next = event.ports[0];
    if (!next || closed || !sink) return;
    const target = sink;
    dropPort();
    port = next;
    next.onmessage = (e: MessageEvent) => {
      if (e.data instanceof ArrayBuffer) target.frame(e.data);
      else target.message(e.data);
    };
    // Chromium fires 'close' on a port whose other end went away (backend exited).
    next.addEventListener('close', () => {
      if (port !== next) return;
      port = null;
      target.state('closed');
    });
    next.start();
    target.state('open');
  };

  return {
    kind: 'electron',
    connect(s) {
      sink = s;
      win.addEventListener('message', onWindowMessage);
      win.postMessage({ type: BOARD_PORT_REQUEST }, '*');
    },
    send(message: ClientMessage) {
      if (!port) return false;
      port.postMessage(message);
      return true;
    },
    close() {
      closed = true;
      win.removeEventListener('message', onWindowMessage);
      dropPort();
    },
  };
}
