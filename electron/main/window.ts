import { BrowserWindow, type WebContents, type WebPreferences } from 'electron';

/**
 * Secure defaults for every window: the renderer gets no Node, runs sandboxed and
 * isolated, and reaches the backend only through the port the preload hands over.
 */
export function secureWebPreferences(preload: string): WebPreferences {
  return {
    preload,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    webviewTag: false,
    spellcheck: false,
  };
}

/**
 * Denies navigation away from the app, new windows and webviews, and every
 * permission request (camera, geolocation, notifications...): the board needs none.
 */
export function hardenWebContents(wc: WebContents, isAppUrl: (url: string) => boolean): void {
  wc.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  wc.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  wc.on('will-attach-webview', (event) => event.preventDefault());
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  wc.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
}

export type ConsoleWindowOptions = {
  preload: string;
  /** The electron-vite dev server, or app://board/ (app-protocol.ts) for the built renderer. */
  load: { url: string };
};

export function createConsoleWindow(opts: ConsoleWindowOptions): BrowserWindow {
  const win = new BrowserWindow({
    width: 1600,
    height: 960,
    minWidth: 1024,
    minHeight: 640,
    title: '警保指挥台',
    backgroundColor: '#0b1220',
    show: false,
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(opts.preload),
  });
  const origin = new URL(opts.load.url).origin;
  // 'app://board' has origin 'null' in WHATWG URL terms for non-special schemes: compare prefixes.
  const appUrlPrefix = origin === 'null' ? opts.load.url.replace(/^(\w+:\/\/[^/]+).*$/, '$1/') : `${origin}/`;
  hardenWebContents(win.webContents, (url) => url.startsWith(appUrlPrefix));
  win.once('ready-to-show', () => win.show());
  void win.loadURL(opts.load.url);
  return win;
}
