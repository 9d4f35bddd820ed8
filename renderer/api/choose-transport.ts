import { createElectronTransport } from './electron-transport';
import type { BoardTransport } from './transport';
import { boardSocketUrl, createWebSocketTransport, dropTokenFromAddress } from './websocket-transport';

/** Electron when the preload announced itself, otherwise the browser host's WebSocket (signed in by its session cookie). */
export function chooseTransport(win: Window = window): BoardTransport {
  if (win.jingbaoShell?.kind === 'electron') return createElectronTransport(win);
  dropTokenFromAddress(win.location, win.history);
  return createWebSocketTransport({ url: boardSocketUrl(win.location) });
}
