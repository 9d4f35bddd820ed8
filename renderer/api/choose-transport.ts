import { createElectronTransport } from './electron-transport';
import type { BoardTransport } from './transport';
import { boardSocketUrl, createWebSocketTransport, takeHostToken } from './websocket-transport';

/** Electron when the preload announced itself, otherwise the browser host's WebSocket. */
export function chooseTransport(win: Window = window): BoardTransport {
  if (win.jingbaoShell?.kind === 'electron') return createElectronTransport(win);
  return createWebSocketTransport({ url: boardSocketUrl(win.location, takeHostToken(win.location)) });
}
