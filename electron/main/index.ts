/**
 * Electron main process: thin by design. App lifecycle, the console window, and the
 * backend's utilityProcess; no queries, no sync, nothing that can block.
 */
import { app, screen } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerAppScheme, serveAppScheme } from './app-protocol';
import { startBackendProcess } from './backend-process';
import { boardPages } from './board-pages';
import { createWallWindow, installWallControls, WALL_SETTINGS_FILE } from './wall-window';
import { createConsoleWindow } from './window';

// Built as an ES module (package type: module), so there is no __dirname.
const here = dirname(fileURLToPath(import.meta.url));

export function backendEnv(userData: string, resourcesDir: string, env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {
    JINGBAO_DB: join(userData, 'cache.sqlite'),
    JINGBAO_CENTRAL_URL: env.JINGBAO_CENTRAL_URL ?? 'http://127.0.0.1:8787',
    JINGBAO_BASEMAP: env.JINGBAO_BASEMAP ?? join(resourcesDir, 'demo-city', 'build', 'basemap.mbtiles'),
  };
  // Development runs load a better-sqlite3 built for Electron's ABI from a cache folder
  // (scripts/electron-native.mjs); a packaged app has it rebuilt in place by electron-builder.
  if (env.JINGBAO_NATIVE_BINDING) out.JINGBAO_NATIVE_BINDING = env.JINGBAO_NATIVE_BINDING;
  if (env.JINGBAO_CENTRAL_BACKUP_URL) out.JINGBAO_CENTRAL_BACKUP_URL = env.JINGBAO_CENTRAL_BACKUP_URL;
  return out;
}

/** Exported for the shell's wiring test (index.test.ts, with the fake electron). */
export function main() {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.enableSandbox();
  registerAppScheme();
  void app.whenReady().then(() => {
    serveAppScheme(join(here, '../renderer'));
    const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : join(app.getAppPath(), 'resources');
    // DevTools, reload and the dev server are for development; a packaged app has none of them.
    const developer = !app.isPackaged;
    const pages = boardPages({ packaged: app.isPackaged, env: process.env });
    const backend = startBackendProcess({
      entry: join(here, 'backend.js'),
      env: backendEnv(app.getPath('userData'), resourcesDir, process.env),
      isAppUrl: pages.isAppUrl,
    });
    const preload = join(here, '../preload/index.cjs');
    const win = createConsoleWindow({ preload, url: pages.console, isAppUrl: pages.isAppUrl, developer });
    backend.attach(win);
    // The wall display: menu 大屏 (Ctrl+Shift+W) on the console, reopened at start if it was open.
    const wall = createWallWindow({
      preload,
      url: pages.wall,
      isAppUrl: pages.isAppUrl,
      developer,
      settingsFile: join(app.getPath('userData'), WALL_SETTINGS_FILE),
      attach: (w) => backend.attach(w),
      displays: () => ({ all: screen.getAllDisplays(), primaryId: screen.getPrimaryDisplay().id }),
    });
    installWallControls(wall, { developer });
    wall.restore();
    // The wall has no controls of its own: it goes when the console goes.
    win.on('closed', () => wall.dispose());
    app.on('window-all-closed', () => {
      backend.stop();
      app.quit();
    });
  });
}

if (process.versions.electron && !process.env.VITEST) main();
