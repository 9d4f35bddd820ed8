import { BrowserWindow, type BrowserWindowConstructorOptions, type Input, type MenuItemConstructorOptions, type WebContents } from 'electron';

export type BoardWindowOptions = {
  preload: string;
  /** The board's own pages (board-pages.ts): navigation never leaves them. */
  isAppUrl(url: string): boolean;
  /** A development run (not packaged): DevTools and reload stay. A packaged app has neither. */
  developer: boolean;
};

/**
 * Keys that open DevTools or reload the page (Chromium's and Electron's default menu's):
 * F12, Ctrl/Cmd+Shift+I/J/C (Cmd+Alt+… on macOS), F5, Ctrl/Cmd+R with or without Shift.
 * A reload in the middle of a dispatch loses the officer's half-typed form.
 */
export function isDevToolsOrReloadKey(input: Pick<Input, 'key' | 'code' | 'control' | 'meta' | 'shift' | 'alt'>): boolean {
  const key = input.key.toLowerCase();
  // Option+I on a Mac types 'ˆ': the physical key says which letter it was.
  const letter = input.code?.startsWith('Key') ? input.code.slice(3).toLowerCase() : key;
  const mod = input.control || input.meta;
  if (key === 'f12' || key === 'f5') return true;
  if (mod && letter === 'r') return true;
  return mod && (input.shift || input.alt) && (letter === 'i' || letter === 'j' || letter === 'c');
}

/**
 * The View menu: Electron's own in development; in a packaged app only zoom and full
 * screen, since its own has Reload, Force Reload and Toggle Developer Tools.
 */
export function viewMenu(developer: boolean): MenuItemConstructorOptions {
  if (developer) return { role: 'viewMenu' };
  return {
    label: 'View',
    submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
  };
}

/**
 * Denies navigation away from the app, new windows and webviews, and every permission
 * request and check (camera, geolocation, notifications, clipboard reads, wake lock…). The
 * board needs none: the wall keeps its display awake with powerSaveBlocker from the main
 * process, so its page's Screen Wake Lock request may be refused (it is optional there).
 * A packaged app also swallows the DevTools and reload keys.
 */
export function hardenWebContents(wc: WebContents, opts: Pick<BoardWindowOptions, 'isAppUrl' | 'developer'>): void {
  wc.on('will-navigate', (event, url) => {
    if (!opts.isAppUrl(url)) event.preventDefault();
  });
  wc.on('will-redirect', (event, url) => {
    if (!opts.isAppUrl(url)) event.preventDefault();
  });
  wc.on('will-attach-webview', (event) => event.preventDefault());
  wc.setWindowOpenHandler(() => ({ action: 'deny' }));
  wc.session.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  wc.session.setPermissionCheckHandler(() => false);
  if (!opts.developer) {
    wc.on('before-input-event', (event, input) => {
      if (isDevToolsOrReloadKey(input)) event.preventDefault();
    });
  }
}

/**
 * Every window of the board is made here, and only here: the web preferences are written
 * out inline so that a static checker (Electronegativity, run by the tests) reads them as
 * they are, and no caller can override them. The page gets no Node, runs sandboxed and
 * isolated, and reaches the backend only through the port the preload hands over.
 */
export function createBoardWindow(
  shape: Omit<BrowserWindowConstructorOptions, 'webPreferences'>,
  opts: BoardWindowOptions & { backgroundThrottling?: boolean },
): BrowserWindow {
  const win = new BrowserWindow({
    ...shape,
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      // A middle click opens a link in a new window without a click event the page could refuse.
      disableBlinkFeatures: 'Auxclick',
      devTools: opts.developer,
      spellcheck: false,
      backgroundThrottling: opts.backgroundThrottling ?? true,
    },
  });
  hardenWebContents(win.webContents, opts);
  return win;
}

export type ConsoleWindowOptions = BoardWindowOptions & {
  /** app://board/index.html (app-protocol.ts), or in development the electron-vite dev server. */
  url: string;
};

export function createConsoleWindow(opts: ConsoleWindowOptions): BrowserWindow {
  const win = createBoardWindow(
    {
      width: 1600,
      height: 960,
      minWidth: 1024,
      minHeight: 640,
      title: '警保指挥台',
      backgroundColor: '#0b1220',
      show: false,
      autoHideMenuBar: true,
    },
    opts,
  );
  win.once('ready-to-show', () => win.show());
  void win.loadURL(opts.url);
  return win;
}
