/**
 * Electron main process: thin by design. App lifecycle, the console window, and the
 * backend's utilityProcess; no queries, no sync, nothing that can block.
 */
import { app, dialog, screen } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { registerAppScheme, serveAppScheme } from './app-protocol';
import { startBackendProcess } from './backend-process';
import { boardPages } from './board-pages';
import { CACHE_FILE, CacheKeyError, loadCacheKey } from './cache-key';
import { createPassphraseWindow } from './passphrase-window';
import { createWallWindow, installWallControls, WALL_SETTINGS_FILE } from './wall-window';
import { createConsoleWindow } from './window';

// Built as an ES module (package type: module), so there is no __dirname.
const here = dirname(fileURLToPath(import.meta.url));

/**
 * `--city NAME|DIR` on the app's command line, else JINGBAO_CITY: the imported city to draw
 * and route on (the backend resolves it: the main process never reads city files).
 */
export function cityArg(argv: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  const at = argv.findIndex((a) => a === '--city' || a.startsWith('--city='));
  if (at < 0) return env.JINGBAO_CITY || undefined;
  const value = argv[at]!.startsWith('--city=') ? argv[at]!.slice('--city='.length) : argv[at + 1];
  return value && !value.startsWith('--') ? value : undefined;
}

export function backendEnv(userData: string, resourcesDir: string, env: NodeJS.ProcessEnv, argv: readonly string[] = []): Record<string, string> {
  const out: Record<string, string> = {
    JINGBAO_DB: join(userData, CACHE_FILE),
    JINGBAO_CENTRAL_URL: env.JINGBAO_CENTRAL_URL ?? 'http://127.0.0.1:8787',
    JINGBAO_BASEMAP: env.JINGBAO_BASEMAP ?? join(resourcesDir, 'demo-city', 'build', 'basemap.mbtiles'),
  };
  // An imported city wins over the base map above (the backend resolves it, or refuses to start saying why).
  const city = cityArg(argv, env);
  if (city) out.JINGBAO_CITY = city;
  if (env.JINGBAO_CITIES_DIR) out.JINGBAO_CITIES_DIR = env.JINGBAO_CITIES_DIR;
  // Development runs load a better-sqlite3 built for Electron's ABI from a cache folder
  // (scripts/electron-native.mjs); a packaged app has it rebuilt in place by electron-builder.
  if (env.JINGBAO_NATIVE_BINDING) out.JINGBAO_NATIVE_BINDING = env.JINGBAO_NATIVE_BINDING;
  if (env.JINGBAO_CENTRAL_BACKUP_URL) out.JINGBAO_CENTRAL_BACKUP_URL = env.JINGBAO_CENTRAL_BACKUP_URL;
  // The workstation's credential for the central: its id and the path of its 0600 secret
  // file (the secret itself never travels in an environment).
  if (env.JINGBAO_WORKSTATION_ID) out.JINGBAO_WORKSTATION_ID = env.JINGBAO_WORKSTATION_ID;
  if (env.JINGBAO_WORKSTATION_SECRET_FILE) out.JINGBAO_WORKSTATION_SECRET_FILE = env.JINGBAO_WORKSTATION_SECRET_FILE;
  if (env.JINGBAO_DEMO) out.JINGBAO_DEMO = env.JINGBAO_DEMO;
  // An https central's trust: the division's CA file and the pinned certificate.
  if (env.JINGBAO_CENTRAL_CA_FILE) out.JINGBAO_CENTRAL_CA_FILE = env.JINGBAO_CENTRAL_CA_FILE;
  if (env.JINGBAO_CENTRAL_PIN) out.JINGBAO_CENTRAL_PIN = env.JINGBAO_CENTRAL_PIN;
  if (env.JINGBAO_DEMO_LOGIN) out.JINGBAO_DEMO_LOGIN = env.JINGBAO_DEMO_LOGIN;
  return out;
}

const CACHE_FAILURE_TITLE = '警保指挥台 · 本地缓存无法打开 · The local cache cannot be opened';

/** The title of the dialog that says why the backend cannot start, by its code (utility-entry.ts). */
export function fatalTitle(code: string): string {
  if (code === 'city') return '警保指挥台 · 城市地图无法打开 · The city cannot be opened';
  if (code === 'workstation_credential' || code === 'central_tls') return '警保指挥台 · 本工作站配置有误 · This workstation is not configured';
  return CACHE_FAILURE_TITLE;
}

/**
 * The cache key, from the keyring or a passphrase (cache-key.ts); null when the app must
 * quit: the officer gave up on the passphrase, or the key cannot be had (said in a dialog).
 */
export async function unlockCache(userData: string, preloadDir: string): Promise<Buffer | null> {
  try {
    const { key } = await loadCacheKey({ userData, prompt: createPassphraseWindow({ preload: join(preloadDir, 'passphrase.cjs') }) });
    return key;
  } catch (e) {
    if (e instanceof CacheKeyError && e.code === 'cache_passphrase_cancelled') return null;
    dialog.showErrorBox(CACHE_FAILURE_TITLE, e instanceof Error ? e.message : String(e));
    return null;
  }
}

/** Exported for the shell's wiring test (index.test.ts, with the fake electron). */
export function main() {
  if (!app.requestSingleInstanceLock()) {
    app.quit();
    return;
  }
  app.enableSandbox();
  registerAppScheme();
  // The passphrase window may be the only window for a while; it closing must not quit the
  // app (the console follows it). Giving up on it quits explicitly.
  app.on('window-all-closed', () => {});
  void app.whenReady().then(async () => {
    serveAppScheme(join(here, '../renderer'));
    const cacheKey = await unlockCache(app.getPath('userData'), join(here, '../preload'));
    if (!cacheKey) {
      app.quit();
      return;
    }
    const resourcesDir = app.isPackaged ? join(process.resourcesPath, 'resources') : join(app.getAppPath(), 'resources');
    // DevTools, reload and the dev server are for development; a packaged app has none of them.
    const developer = !app.isPackaged;
    const pages = boardPages({ packaged: app.isPackaged, env: process.env });
    const backend = startBackendProcess({
      entry: join(here, 'backend.js'),
      env: backendEnv(app.getPath('userData'), resourcesDir, process.env, process.argv),
      isAppUrl: pages.isAppUrl,
      cacheKey,
      onFatal: ({ code, message }) => {
        dialog.showErrorBox(fatalTitle(code), message);
        app.quit();
      },
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
