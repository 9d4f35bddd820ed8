/**
 * The smallest surface the renderer needs: a marker that it runs in the Electron
 * shell, and the MessagePort to the backend, passed on with window.postMessage
 * (a MessagePort cannot cross contextBridge). Nothing else of Node or Electron is
 * exposed.
 */
import { contextBridge, ipcRenderer } from 'electron';

export const BOARD_PORT_CHANNEL = 'jingbao:board-port';

contextBridge.exposeInMainWorld('jingbaoShell', Object.freeze({ kind: 'electron' }));

// The preload is type-checked with the Node project (no DOM lib): name the one DOM call we make.
type PageWindow = { postMessage(message: unknown, targetOrigin: string, transfer: unknown[]): void };

ipcRenderer.on(BOARD_PORT_CHANNEL, (event) => {
  const [port] = event.ports;
  if (port) (globalThis as unknown as PageWindow).postMessage({ type: BOARD_PORT_CHANNEL }, '*', [port]);
});
