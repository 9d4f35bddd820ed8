/**
 * The smallest surface the renderer needs: a marker that it runs in the Electron
 * shell, the MessagePort to the backend, passed on with window.postMessage
 * (a MessagePort cannot cross contextBridge), and the path of a file the officer chose in
 * a file input (Settings → Cities imports an .osm.pbf by its path: the backend reads it
 * where it lies, nothing is copied through the page). Nothing else of Node or Electron is
 * exposed.
 */
import { contextBridge, ipcRenderer, webUtils } from 'electron';
import { BOARD_PORT_CHANNEL, BOARD_PORT_REQUEST } from '../../shared/shell-channels';

// The page asks for the port once its listener is in place (renderer/api/electron-transport.ts).
export { BOARD_PORT_CHANNEL, BOARD_PORT_REQUEST };

// The preload is type-checked with the Node project (no DOM lib): name the DOM calls we make.
type PageWindow = {
  postMessage(message: unknown, targetOrigin: string, transfer: unknown[]): void;
  addEventListener(type: 'message', listener: (e: { source: unknown; data: unknown }) => void): void;
};
const page = globalThis as unknown as PageWindow;

// pathForFile answers only for a File object the page holds (from a file input or a drop):
// the page cannot name a path to probe, and reads nothing through it.
contextBridge.exposeInMainWorld('jingbaoShell', Object.freeze({ kind: 'electron', pathForFile: (file: unknown) => webUtils.getPathForFile(file as never) }));

// A port that arrives before the page listens would be lost: hold it until the page
// asks. After that, ports (a restarted backend sends a new one) go straight through.
let pending: unknown = null;
let pageListening = false;
const hand = (port: unknown) => page.postMessage({ type: BOARD_PORT_CHANNEL }, '*', [port]);

ipcRenderer.on(BOARD_PORT_CHANNEL, (event) => {
  const [port] = event.ports;
  if (!port) return;
  if (pageListening) hand(port);
  else pending = port;
});

page.addEventListener('message', (e) => {
  if (e.source !== page || (e.data as { type?: unknown } | null)?.type !== BOARD_PORT_REQUEST) return;
  pageListening = true;
  if (pending) {
    hand(pending);
    pending = null;
  }
});
