import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Menu, powerSaveBlocker, screen, type BrowserWindow, type BrowserWindowConstructorOptions, type Display, type MenuItemConstructorOptions, type RenderProcessGoneDetails } from 'electron';
import { z } from 'zod';
import { createBoardWindow, viewMenu, type BoardWindowOptions } from './window';

/**
 * The wall display's window (大屏): the same renderer at app://board/wall, full screen
 * (kiosk) on a display the officer chose, made by createBoardWindow like the console
 * (the same web preferences and hardening). It must stay up unattended for weeks, so a renderer that crashes or hangs
 * is reloaded by itself, with a backoff so a crash loop does not spin.
 */

export const WALL_SETTINGS_FILE = 'wall-window.json';
export const WALL_SHORTCUT = 'CommandOrControl+Shift+W';

/** Remembered across restarts in userData: which display, and whether the wall was open. */
export const wallSettingsSchema = z.strictObject({
  displayId: z.number().int().nullable(),
  /** The wall was open when the app last quit: open it again at start (a rebooted hall PC). */
  open: z.boolean(),
});
export type WallSettings = z.infer<typeof wallSettingsSchema>;
export const DEFAULT_WALL_SETTINGS: WallSettings = { displayId: null, open: false };

type Log = (message: string) => void;

/** A missing file is the first run; a corrupt or foreign one is logged and replaced by the defaults. */
export function readWallSettings(file: string, log: Log): WallSettings {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log(`wall settings unreadable (${(error as Error).message}); using defaults`);
    return { ...DEFAULT_WALL_SETTINGS };
  }
  try {
    const parsed = wallSettingsSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
    log(`wall settings invalid (${parsed.error.issues[0]?.message ?? 'schema'}); using defaults`);
  } catch {
    log('wall settings are not JSON; using defaults');
  }
  return { ...DEFAULT_WALL_SETTINGS };
}

/** Written to a temporary file and renamed, so a power cut never leaves half a file. */
export function writeWallSettings(file: string, settings: WallSettings): void {
  mkdirSync(dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(wallSettingsSchema.parse(settings)));
  renameSync(tmp, file);
}

export type DisplayChoice = Pick<Display, 'id' | 'bounds' | 'label'>;

/**
 * The display the wall goes to: the chosen one while it is connected; otherwise the first
 * that is not the workstation's own screen (a wall usually is the second output);
 * otherwise the primary one.
 */
export function chooseDisplay<D extends DisplayChoice>(displays: readonly D[], primaryId: number, chosenId: number | null): D | null {
  return displays.find((d) => d.id === chosenId) ?? displays.find((d) => d.id !== primaryId) ?? displays.find((d) => d.id === primaryId) ?? displays[0] ?? null;
}

export function wallWindowOptions(display: DisplayChoice): Omit<BrowserWindowConstructorOptions, 'webPreferences'> {
  const { x, y, width, height } = display.bounds;
  return {
    x,
    y,
    width,
    height,
    title: '警保指挥台 · 大屏',
    backgroundColor: '#05090f',
    show: false,
    frame: false,
    fullscreen: true,
    kiosk: true,
    autoHideMenuBar: true,
    // No taskbar entry to click by mistake; the console's menu opens and closes it.
    skipTaskbar: true,
  };
}

/** Crashes counted within this window set the backoff; older ones are forgotten. */
const CRASH_WINDOW_MS = 10 * 60_000;
const RELOAD_FIRST_MS = 1000;
const RELOAD_MAX_MS = 60_000;
/** A renderer unresponsive this long is crashed on purpose, then reloaded like any crash. */
export const HANG_LIMIT_MS = 30_000;

/** 1 s after a first crash, doubling with each further crash in ten minutes, at most a minute. */
export function reloadDelayMs(recentCrashes: number): number {
  return Math.min(RELOAD_MAX_MS, RELOAD_FIRST_MS * 2 ** Math.max(0, recentCrashes - 1));
}

export type WallWindowDeps = BoardWindowOptions & {
  /** app://board/wall, or the dev server's /wall. */
  url: string;
  settingsFile: string;
  /** Gives the window its port to the backend on every load (backend-process.ts). */
  attach(win: BrowserWindow): void;
  /** The connected displays and the primary's id, asked fresh each time. */
  displays(): { all: Display[]; primaryId: number };
  log?: Log;
  now?: () => number;
};

export type WallWindowController = ReturnType<typeof createWallWindow>;

export function createWallWindow(deps: WallWindowDeps) {
  const log = deps.log ?? ((m: string) => console.log(m));
  const now = deps.now ?? Date.now;
  let settings = readWallSettings(deps.settingsFile, log);
  let win: BrowserWindow | null = null;
  let blocker: number | null = null;
  let reloadTimer: ReturnType<typeof setTimeout> | null = null;
  let hangTimer: ReturnType<typeof setTimeout> | null = null;
  let crashes: number[] = [];
  let reloads = 0;
  let changed: () => void = () => {};

  const save = (next: Partial<WallSettings>) => {
    settings = { ...settings, ...next };
    try {
      writeWallSettings(deps.settingsFile, settings);
    } catch (error) {
      log(`wall settings not saved: ${(error as Error).message}`);
    }
  };

  const target = () => {
    const { all, primaryId } = deps.displays();
    return chooseDisplay(all, primaryId, settings.displayId);
  };

  const clearTimers = () => {
    if (reloadTimer) clearTimeout(reloadTimer);
    if (hangTimer) clearTimeout(hangTimer);
    reloadTimer = hangTimer = null;
  };

  const scheduleReload = (w: BrowserWindow, why: string) => {
    const t = now();
    crashes = [...crashes.filter((at) => t - at < CRASH_WINDOW_MS), t].slice(-20);
    if (reloadTimer) return;
    const delay = reloadDelayMs(crashes.length);
    log(`wall renderer ${why}; reloading in ${delay} ms (${crashes.length} in 10 min)`);
    reloadTimer = setTimeout(() => {
      reloadTimer = null;
      if (w.isDestroyed()) return;
      reloads++;
      void w.loadURL(deps.url);
    }, delay);
  };

  const place = (w: BrowserWindow, display: DisplayChoice) => {
    // Kiosk and full screen pin a window to its display: leave them to move it.
    w.setKiosk(false);
    w.setFullScreen(false);
    w.setBounds(display.bounds);
    w.setKiosk(true);
  };

  const create = (display: DisplayChoice) => {
    // Nobody focuses the wall: Chromium must not throttle its timers and drawing as it
    // does for background windows, or the rotation and the clock would stall.
    const w = createBoardWindow(wallWindowOptions(display), { preload: deps.preload, isAppUrl: deps.isAppUrl, developer: deps.developer, backgroundThrottling: false });
    win = w;
    w.removeMenu();
    deps.attach(w);
    w.webContents.on('render-process-gone', (_event, details: RenderProcessGoneDetails) => {
      if (details.reason === 'clean-exit') return;
      scheduleReload(w, `gone (${details.reason}, exit ${details.exitCode})`);
    });
    w.on('unresponsive', () => {
      if (hangTimer) return;
      hangTimer = setTimeout(() => {
        hangTimer = null;
        if (w.isDestroyed()) return;
        log(`wall renderer unresponsive for ${HANG_LIMIT_MS / 1000} s; restarting it`);
        w.webContents.forcefullyCrashRenderer();
      }, HANG_LIMIT_MS);
    });
    w.on('responsive', () => {
      if (hangTimer) clearTimeout(hangTimer);
      hangTimer = null;
    });
    // Someone at the wall with a keyboard can close it too (the console's menu is not there).
    w.webContents.on('before-input-event', (event, input) => {
      if (input.type === 'keyDown' && (input.control || input.meta) && input.shift && input.key.toLowerCase() === 'w') {
        event.preventDefault();
        close();
      }
    });
    w.once('ready-to-show', () => {
      // Shown without focus: the officer keeps typing in the console.
      if (!w.isDestroyed()) w.showInactive();
    });
    w.on('closed', () => {
      if (win === w) win = null;
      clearTimers();
      if (blocker !== null && powerSaveBlocker.isStarted(blocker)) powerSaveBlocker.stop(blocker);
      blocker = null;
      changed();
    });
    blocker = powerSaveBlocker.start('prevent-display-sleep');
    void w.loadURL(deps.url);
  };

  /** Opens the wall (on the remembered display), or moves it there if it is open. */
  function open(): BrowserWindow | null {
    const display = target();
    if (!display) {
      log('no display to open the wall on');
      return null;
    }
    if (win && !win.isDestroyed()) place(win, display);
    else create(display);
    if (!settings.open) save({ open: true });
    changed();
    return win;
  }

  /** Closed by the officer: not reopened at the next start. */
  function close(): void {
    if (settings.open) save({ open: false });
    const w = win;
    win = null;
    clearTimers();
    if (w && !w.isDestroyed()) w.close();
  }

  return {
    open,
    close,
    toggle: () => (win && !win.isDestroyed() ? close() : void open()),
    isOpen: () => win !== null && !win.isDestroyed(),
    window: () => win,
    settings: () => ({ ...settings }),
    /** The display the wall uses (or would use) now. */
    currentDisplayId: () => target()?.id ?? null,
    /** One listener (the menu): told when the wall opens, closes or moves. */
    onChange(fn: () => void) {
      changed = fn;
    },
    /** The officer picked a display: remembered, and the wall moves there if open. */
    setDisplay(displayId: number) {
      save({ displayId });
      if (win && !win.isDestroyed()) open();
      else changed();
    },
    /** A display came or went: follow the choice (or the fallback) to where it is now. */
    displaysChanged() {
      if (win && !win.isDestroyed()) {
        const display = target();
        if (display) place(win, display);
      }
      changed();
    },
    /** At start: the wall comes back if it was open when the app quit. */
    restore() {
      if (settings.open) open();
    },
    /** The app is quitting: close without forgetting that the wall was open. */
    dispose() {
      const w = win;
      win = null;
      clearTimers();
      if (w && !w.isDestroyed()) w.close();
    },
    stats: () => ({ reloads, recentCrashes: crashes.length }),
  };
}

export type WallMenuInput = {
  displays: readonly DisplayChoice[];
  primaryId: number;
  /** The display the wall uses now (chosen, or the fallback). */
  currentId: number | null;
  isOpen: boolean;
  onToggle(): void;
  onChooseDisplay(id: number): void;
};

/** The console's "大屏" menu: open/close with its shortcut, and the list of displays. */
export function wallMenu(input: WallMenuInput): MenuItemConstructorOptions {
  return {
    label: '大屏',
    submenu: [
      { id: 'wall-toggle', label: input.isOpen ? '关闭大屏' : '打开大屏', accelerator: WALL_SHORTCUT, click: () => input.onToggle() },
      { type: 'separator' },
      {
        label: '大屏显示器',
        submenu: input.displays.map((d, i) => ({
          id: `wall-display-${d.id}`,
          type: 'radio' as const,
          label: `${i + 1}. ${d.label || '显示器'} · ${d.bounds.width}×${d.bounds.height}${d.id === input.primaryId ? '（主屏）' : ''}`,
          checked: d.id === input.currentId,
          click: () => input.onChooseDisplay(d.id),
        })),
      },
    ],
  };
}

/**
 * The application menu with the wall's entries (and the usual File/Edit/View/Window menus,
 * as Electron's default menu had, but without DevTools and reload in a packaged app), kept
 * current as displays come and go and the wall opens and closes. Returns a function that
 * stops following the displays.
 */
export function installWallControls(wall: WallWindowController, opts: Pick<BoardWindowOptions, 'developer'>): () => void {
  const refresh = () => {
    Menu.setApplicationMenu(
      Menu.buildFromTemplate([
        { role: 'fileMenu' },
        { role: 'editMenu' },
        viewMenu(opts.developer),
        wallMenu({
          displays: screen.getAllDisplays(),
          primaryId: screen.getPrimaryDisplay().id,
          currentId: wall.currentDisplayId(),
          isOpen: wall.isOpen(),
          onToggle: () => wall.toggle(),
          onChooseDisplay: (id) => wall.setDisplay(id),
        }),
        { role: 'windowMenu' },
      ]),
    );
  };
  const onDisplays = () => wall.displaysChanged();
  const events = ['display-added', 'display-removed', 'display-metrics-changed'] as const;
  for (const e of events) screen.on(e as 'display-added', onDisplays);
  wall.onChange(refresh);
  refresh();
  return () => {
    for (const e of events) screen.off(e as 'display-added', onDisplays);
    wall.onChange(() => {});
  };
}
