import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../backend/test-support';
import type { createFakeElectron } from './testing/fake-electron';
import { DEVELOPER_ROLES, expectedWebPreferences, menuItems } from './testing/web-preferences';

/**
 * The shell's start-up, run against the fake electron as a packaged app and as a
 * development run: which pages load, what DevTools and menus there are, and who gets the
 * board port. The real Electron binary cannot be fetched on the build machines.
 */
const fake = vi.hoisted(() => ({ current: null as null | ReturnType<typeof createFakeElectron> }));
vi.mock('electron', async () => {
  const { createFakeElectron } = await import('./testing/fake-electron');
  fake.current = createFakeElectron();
  return fake.current.module;
});
const { main } = await import('./index');

const DEV_SERVER = 'http://localhost:5173/';
const tmp = tempDir('jb-shell-');
afterAll(() => tmp.remove());
afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

/** Runs main() up to its windows; returns the console window and a way to open the wall. */
async function start(packaged: boolean) {
  const f = fake.current!;
  vi.stubEnv('ELECTRON_RENDERER_URL', DEV_SERVER);
  f.module.app.isPackaged = packaged;
  // A fresh userData each time: the wall remembers being open, and would reopen at the next start.
  const userData = mkdtempSync(join(tmp.dir, 'userData-'));
  f.module.app.getPath = vi.fn(() => userData);
  // process.resourcesPath exists only under Electron.
  Object.assign(process, { resourcesPath: '/opt/jingbao/resources' });
  let ready!: () => void;
  f.module.app.whenReady = vi.fn(() => new Promise<void>((resolve) => (ready = resolve)));
  const before = f.windows.length;
  const logged = vi.spyOn(console, 'log').mockImplementation(() => {});
  main();
  ready();
  await vi.waitFor(() => expect(f.windows.length).toBe(before + 1));
  const console_ = f.windows.at(-1)!;
  const openWall = () => {
    const toggle = menuItems(f.menus.at(-1)!.template).find((i) => i.id === 'wall-toggle')!;
    toggle.click!();
    return f.windows.at(-1)!;
  };
  return { f, console: console_, openWall, logged };
}

describe('the shell as a packaged app', () => {
  it('ignores ELECTRON_RENDERER_URL and loads only its own pages', async () => {
    const { console: win, openWall, logged } = await start(true);
    expect(win.loaded).toBe('app://board/index.html');
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('ELECTRON_RENDERER_URL ignored'));
    expect(openWall().loaded).toBe('app://board/wall');
  });

  it('gives no window DevTools, and the menu has no reload or DevTools entries', async () => {
    const { f, console: win, openWall } = await start(true);
    const wall = openWall();
    expect(win.options.webPreferences).toEqual(expectedWebPreferences(win.options.webPreferences.preload, { developer: false }));
    expect(wall.options.webPreferences).toEqual(expectedWebPreferences(win.options.webPreferences.preload, { developer: false, backgroundThrottling: false }));
    expect(win.options.webPreferences.preload).toMatch(/preload[/\\]index\.cjs$/);
    const roles = menuItems(f.menus.at(-1)!.template).map((i) => i.role);
    for (const role of DEVELOPER_ROLES) expect(roles).not.toContain(role);
    for (const w of [win, wall]) {
      const e = { preventDefault: vi.fn() };
      w.webContents.emit('before-input-event', e, { type: 'keyDown', key: 'I', code: 'KeyI', control: true, shift: true, meta: false, alt: false });
      expect(e.preventDefault).toHaveBeenCalled();
    }
  });

  it('hands the board port to its own page only', async () => {
    const { f, console: win } = await start(true);
    const backend = f.children.at(-1)!;
    win.webContents.emit('did-finish-load');
    expect(win.webContents.posted).toHaveLength(1);
    win.webContents.url = DEV_SERVER;
    win.webContents.emit('did-finish-load');
    expect(win.webContents.posted).toHaveLength(1);
    // The cache key first, then the one board port.
    expect(backend.posted.map((p: { message: { type: string } }) => p.message.type)).toEqual(['cache-key', 'board-port']);
  });
});

describe('the shell in development', () => {
  it('loads the dev server, keeps DevTools and Electron’s View menu', async () => {
    const { f, console: win, openWall } = await start(false);
    expect(win.loaded).toBe(DEV_SERVER);
    expect(openWall().loaded).toBe('http://localhost:5173/wall');
    expect(win.options.webPreferences.devTools).toBe(true);
    expect(menuItems(f.menus.at(-1)!.template).map((i) => i.role)).toContain('viewMenu');
    win.webContents.emit('did-finish-load');
    expect(win.webContents.posted).toHaveLength(1);
  });
});
