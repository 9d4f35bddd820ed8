import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { createFakeElectron } from './testing/fake-electron';
import { DEVELOPER_ROLES, expectedWebPreferences, menuItems } from './testing/web-preferences';

const fake = vi.hoisted(() => ({ current: null as null | ReturnType<typeof createFakeElectron> }));
vi.mock('electron', async () => {
  const { createFakeElectron } = await import('./testing/fake-electron');
  fake.current = createFakeElectron();
  return fake.current.module;
});
const { chooseDisplay, createWallWindow, installWallControls, readWallSettings, reloadDelayMs, wallMenu, wallWindowOptions, writeWallSettings, HANG_LIMIT_MS, WALL_SHORTCUT } = await import('./wall-window');
const { sameOriginAs } = await import('./board-pages');

const display = (id: number, x: number, width = 1920, height = 1080) => ({ id, label: `D${id}`, bounds: { x, y: 0, width, height } });
const laptop = display(1, 0);
const wallScreen = display(2, 1920, 3840, 2160);
const third = display(3, 5760);

let dir: string;
let settingsFile: string;
let logs: string[];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'jb-wall-'));
  settingsFile = join(dir, 'userData', 'wall-window.json');
  logs = [];
  const f = fake.current!;
  f.screen.displays = [laptop, wallScreen];
  f.screen.primaryId = 1;
  f.screen.removeAllListeners();
});
afterEach(() => {
  vi.useRealTimers();
  rmSync(dir, { recursive: true, force: true });
});

function controller(now?: () => number, developer = false) {
  const attached: unknown[] = [];
  const f = fake.current!;
  const wall = createWallWindow({
    preload: '/app/preload/index.cjs',
    url: 'app://board/wall',
    isAppUrl: sameOriginAs('app://board/'),
    developer,
    settingsFile,
    attach: (w) => void attached.push(w),
    displays: () => ({ all: f.screen.getAllDisplays() as never, primaryId: f.screen.primaryId }),
    log: (m) => void logs.push(m),
    ...(now ? { now } : {}),
  });
  return { wall, attached };
}
const lastWindow = () => fake.current!.windows.at(-1)!;

describe('wall display selection', () => {
  it('takes the chosen display while it is connected, else the first non-primary, else the primary', () => {
    expect(chooseDisplay([laptop, wallScreen, third], 1, 3)).toBe(third);
    expect(chooseDisplay([laptop, wallScreen, third], 1, 99)).toBe(wallScreen);
    expect(chooseDisplay([laptop, wallScreen], 1, null)).toBe(wallScreen);
    expect(chooseDisplay([laptop], 1, 2)).toBe(laptop);
    expect(chooseDisplay([wallScreen, laptop], 1, null)).toBe(wallScreen);
    expect(chooseDisplay([], 1, 2)).toBeNull();
  });
});

describe('wall window', () => {
  it('is full screen kiosk on its display, frameless, with the console’s hardened preferences and no throttling', () => {
    const opts = wallWindowOptions(wallScreen);
    expect(opts).toMatchObject({ x: 1920, y: 0, width: 3840, height: 2160, fullscreen: true, kiosk: true, frame: false, show: false });
    for (const developer of [false, true]) {
      const { wall } = controller(undefined, developer);
      wall.open();
      expect(lastWindow().options.webPreferences).toEqual(expectedWebPreferences('/app/preload/index.cjs', { developer, backgroundThrottling: false }));
      wall.close();
    }
  });

  it('opens app://board/wall on the second display without taking the focus, gets a backend port, keeps the display awake', () => {
    const { wall, attached } = controller();
    const win = wall.open()!;
    const w = lastWindow();
    expect(win).toBe(w as never);
    expect(w.loaded).toBe('app://board/wall');
    expect(w.options).toMatchObject({ x: 1920, width: 3840, kiosk: true, fullscreen: true });
    expect(attached).toEqual([w]);
    expect(w.menuRemoved).toBe(true);
    w.emit('ready-to-show');
    expect(w.shown).toBe('inactive');
    expect([...fake.current!.blockers.values()]).toContain('prevent-display-sleep');
    // Hardened like the console: nothing but the app, no new windows.
    const away = { preventDefault: vi.fn() };
    w.webContents.emit('will-navigate', away, 'https://example.com/');
    expect(away.preventDefault).toHaveBeenCalled();
    expect(w.webContents.windowOpenHandler!()).toEqual({ action: 'deny' });
    expect(w.webContents.permissionCheckHandler!(null, 'screen-wake-lock', 'app://board', {})).toBe(false);
    const devTools = { preventDefault: vi.fn() };
    w.webContents.emit('before-input-event', devTools, { type: 'keyDown', key: 'F12', code: 'F12', control: false, meta: false, shift: false, alt: false });
    expect(devTools.preventDefault).toHaveBeenCalled();

    wall.close();
    expect(w.destroyed).toBe(true);
    expect(wall.isOpen()).toBe(false);
    expect(fake.current!.blockers.size).toBe(0);
  });

  it('remembers the display and whether it was open across restarts; a missing display falls back', () => {
    const first = controller().wall;
    first.setDisplay(2);
    first.open();
    first.dispose(); // the app quits with the wall open
    expect(JSON.parse(readFileSync(settingsFile, 'utf8'))).toEqual({ displayId: 2, open: true });

    fake.current!.screen.displays = [laptop, third];
    const again = controller().wall;
    expect(again.settings()).toEqual({ displayId: 2, open: true });
    again.restore();
    expect(lastWindow().options).toMatchObject({ x: 5760 });
    expect(again.currentDisplayId()).toBe(3);
    again.close(); // the officer closed it: not reopened next time
    expect(JSON.parse(readFileSync(settingsFile, 'utf8'))).toEqual({ displayId: 2, open: false });
    const count = fake.current!.windows.length;
    controller().wall.restore();
    expect(fake.current!.windows.length).toBe(count);
  });

  it('reads a corrupt or foreign settings file as the defaults, says so, and overwrites it on the next change', () => {
    writeWallSettings(settingsFile, { displayId: 5, open: false });
    expect(readWallSettings(settingsFile, (m) => void logs.push(m))).toEqual({ displayId: 5, open: false });
    for (const text of ['{not json', '{"displayId":"2","open":true}', '{"displayId":2,"open":true,"extra":1}', '[]']) {
      writeFileSync(settingsFile, text);
      expect(readWallSettings(settingsFile, (m) => void logs.push(m)), text).toEqual({ displayId: null, open: false });
    }
    expect(logs.length).toBe(4);
    expect(readWallSettings(join(dir, 'none.json'), (m) => void logs.push(m))).toEqual({ displayId: null, open: false });
    expect(logs.length).toBe(4); // a first run is not an error
    const { wall } = controller();
    wall.setDisplay(2);
    expect(JSON.parse(readFileSync(settingsFile, 'utf8'))).toEqual({ displayId: 2, open: false });
  });

  it('moves an open wall when the officer picks another display, or when its display goes away', () => {
    fake.current!.screen.displays = [laptop, wallScreen, third];
    const { wall } = controller();
    wall.open();
    const w = lastWindow();
    wall.setDisplay(3);
    expect(w.bounds).toEqual(third.bounds);
    expect(w.kiosk).toBe(true);
    expect(fake.current!.windows.at(-1)).toBe(w); // moved, not re-created
    fake.current!.screen.displays = [laptop, wallScreen];
    wall.displaysChanged();
    expect(w.bounds).toEqual(wallScreen.bounds);
  });

  it('reloads a crashed renderer by itself, backing off when it keeps crashing, and ignores a clean exit', () => {
    vi.useFakeTimers();
    let t = 0;
    const { wall } = controller(() => t);
    wall.open();
    const w = lastWindow();
    expect(w.loads).toBe(1);
    w.webContents.emit('render-process-gone', {}, { reason: 'clean-exit', exitCode: 0 });
    vi.advanceTimersByTime(120_000);
    expect(w.loads).toBe(1);

    w.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 11 });
    vi.advanceTimersByTime(999);
    expect(w.loads).toBe(1);
    vi.advanceTimersByTime(1);
    expect(w.loads).toBe(2);
    expect(w.loaded).toBe('app://board/wall');

    // A crash loop: each reload waits longer (1, 2, 4 s ...), never a spin.
    t += 5_000;
    w.webContents.emit('render-process-gone', {}, { reason: 'oom', exitCode: 1 });
    vi.advanceTimersByTime(1_999);
    expect(w.loads).toBe(2);
    vi.advanceTimersByTime(1);
    expect(w.loads).toBe(3);
    t += 5_000;
    w.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    w.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 }); // one reload pending at a time
    vi.advanceTimersByTime(10_000);
    expect(w.loads).toBe(4);
    expect(logs.some((m) => m.includes('reloading'))).toBe(true);

    // Ten quiet minutes later a crash is a first crash again.
    t += 11 * 60_000;
    w.webContents.emit('render-process-gone', {}, { reason: 'crashed', exitCode: 1 });
    vi.advanceTimersByTime(1000);
    expect(w.loads).toBe(5);
    expect(reloadDelayMs(1)).toBe(1000);
    expect(reloadDelayMs(3)).toBe(4000);
    expect(reloadDelayMs(50)).toBe(60_000);
  });

  it('restarts a renderer that hangs, unless it recovers in time', () => {
    vi.useFakeTimers();
    const { wall } = controller();
    wall.open();
    const w = lastWindow();
    w.emit('unresponsive');
    vi.advanceTimersByTime(HANG_LIMIT_MS - 1);
    w.emit('responsive');
    vi.advanceTimersByTime(HANG_LIMIT_MS);
    expect(w.webContents.crashed).toBe(0);
    w.emit('unresponsive');
    vi.advanceTimersByTime(HANG_LIMIT_MS);
    expect(w.webContents.crashed).toBe(1);
  });

  it('closes on Ctrl+Shift+W pressed at the wall', () => {
    const { wall } = controller();
    wall.open();
    const w = lastWindow();
    const other = { preventDefault: vi.fn() };
    w.webContents.emit('before-input-event', other, { type: 'keyDown', key: 'w', control: true, meta: false, shift: false });
    expect(w.destroyed).toBe(false);
    const event = { preventDefault: vi.fn() };
    w.webContents.emit('before-input-event', event, { type: 'keyDown', key: 'W', control: true, meta: false, shift: true });
    expect(event.preventDefault).toHaveBeenCalled();
    expect(w.destroyed).toBe(true);
  });
});

describe('wall menu', () => {
  it('toggles with its shortcut and lists the displays with the one in use checked', () => {
    const onToggle = vi.fn();
    const onChooseDisplay = vi.fn();
    const menu = wallMenu({ displays: [laptop, wallScreen], primaryId: 1, currentId: 2, isOpen: false, onToggle, onChooseDisplay });
    const items = menu.submenu as { label?: string; accelerator?: string; click?: () => void; submenu?: { label: string; checked: boolean; click: () => void }[] }[];
    expect(items[0]).toMatchObject({ label: '打开大屏', accelerator: WALL_SHORTCUT });
    items[0]!.click!();
    expect(onToggle).toHaveBeenCalled();
    const list = items[2]!.submenu!;
    expect(list.map((d) => [d.label, d.checked])).toEqual([
      ['1. D1 · 1920×1080（主屏）', false],
      ['2. D2 · 3840×2160', true],
    ]);
    list[0]!.click();
    expect(onChooseDisplay).toHaveBeenCalledWith(1);
  });

  it('is installed as the application menu and follows the wall and the displays', () => {
    const { wall } = controller();
    const stop = installWallControls(wall, { developer: false });
    const wallItems = () => {
      const top = fake.current!.menus.at(-1)!.template as { label?: string; submenu?: { label?: string; submenu?: unknown[] }[] }[];
      return top.find((m) => m.label === '大屏')!.submenu!;
    };
    expect(wallItems()[0]!.label).toBe('打开大屏');
    wall.open();
    expect(wallItems()[0]!.label).toBe('关闭大屏');
    fake.current!.screen.displays = [laptop, wallScreen, third];
    fake.current!.screen.emit('display-added');
    expect(wallItems()[2]!.submenu).toHaveLength(3);
    lastWindow().close();
    expect(wallItems()[0]!.label).toBe('打开大屏');
    stop();
    expect(fake.current!.screen.listenerCount('display-added')).toBe(0);
  });

  it('has no reload or DevTools entries in a packaged app, and Electron’s View menu in development', () => {
    const roles = () => menuItems(fake.current!.menus.at(-1)!.template).map((i) => i.role);
    installWallControls(controller().wall, { developer: false })();
    for (const role of DEVELOPER_ROLES) expect(roles()).not.toContain(role);
    expect(roles()).toEqual(expect.arrayContaining(['fileMenu', 'editMenu', 'zoomIn', 'windowMenu']));
    installWallControls(controller().wall, { developer: true })();
    expect(roles()).toContain('viewMenu');
  });
});
