import { describe, expect, it, vi } from 'vitest';
import type { createFakeElectron } from './testing/fake-electron';
import { DEVELOPER_ROLES, expectedWebPreferences, menuItems } from './testing/web-preferences';

const fake = vi.hoisted(() => ({ current: null as null | ReturnType<typeof createFakeElectron> }));
vi.mock('electron', async () => {
  const { createFakeElectron } = await import('./testing/fake-electron');
  fake.current = createFakeElectron();
  return fake.current.module;
});
const { createConsoleWindow, isDevToolsOrReloadKey, viewMenu } = await import('./window');
const { sameOriginAs } = await import('./board-pages');

const isApp = sameOriginAs('app://board/');
const open = (developer: boolean, url = 'app://board/index.html', isAppUrl = isApp) => {
  createConsoleWindow({ preload: '/app/preload/index.cjs', url, isAppUrl, developer });
  return fake.current!.windows.at(-1)!;
};
const key = (k: string, mods: Partial<Record<'control' | 'meta' | 'shift' | 'alt', boolean>> = {}, code = '') => ({
  type: 'keyDown',
  key: k,
  code,
  control: false,
  meta: false,
  shift: false,
  alt: false,
  ...mods,
});

describe('console window', () => {
  it('is created with the hardened web preferences, DevTools only in development', () => {
    const packaged = open(false);
    expect(packaged.options.webPreferences).toEqual(expectedWebPreferences('/app/preload/index.cjs', { developer: false }));
    expect(packaged.loaded).toBe('app://board/index.html');
    const dev = open(true);
    expect(dev.options.webPreferences).toEqual(expectedWebPreferences('/app/preload/index.cjs', { developer: true }));
  });

  it('stays on the app: navigation and redirects elsewhere are refused', () => {
    const wc = open(false).webContents;
    for (const [event, url, refused] of [
      ['will-navigate', 'file:///etc/passwd', true],
      ['will-navigate', 'app://board.evil/', true],
      ['will-redirect', 'https://example.com/', true],
      ['will-navigate', 'app://board/wall', false],
    ] as const) {
      const e = { preventDefault: vi.fn() };
      wc.emit(event, e, url);
      expect(e.preventDefault.mock.calls.length > 0, `${event} ${url}`).toBe(refused);
    }
    const devWc = open(true, 'http://localhost:5173/', sameOriginAs('http://localhost:5173/')).webContents;
    const away = { preventDefault: vi.fn() };
    devWc.emit('will-navigate', away, 'https://example.com/');
    expect(away.preventDefault).toHaveBeenCalled();
    const inside = { preventDefault: vi.fn() };
    devWc.emit('will-navigate', inside, 'http://localhost:5173/wall');
    expect(inside.preventDefault).not.toHaveBeenCalled();
  });

  it('denies new windows, webviews, and every permission request and check', () => {
    const wc = open(false).webContents;
    const webview = { preventDefault: vi.fn() };
    wc.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(wc.windowOpenHandler!()).toEqual({ action: 'deny' });
    for (const permission of ['geolocation', 'media', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'screen-wake-lock', 'fullscreen', 'openExternal']) {
      const cb = vi.fn();
      wc.permissionHandler!(null, permission, cb);
      expect(cb, permission).toHaveBeenCalledWith(false);
      expect(wc.permissionCheckHandler!(null, permission, 'app://board', {}), permission).toBe(false);
    }
  });

  it('swallows the DevTools and reload keys in a packaged app, and lets them through in development', () => {
    const blocked = [key('F12'), key('F5'), key('r', { control: true }), key('R', { control: true, shift: true }), key('I', { control: true, shift: true }), key('J', { control: true, shift: true }), key('C', { meta: true, shift: true }), key('ˆ', { meta: true, alt: true }, 'KeyI')];
    const allowed = [key('k', { control: true }), key('W', { control: true, shift: true }), key('r'), key('n'), key('Escape'), key('c', { control: true })];
    const wc = open(false).webContents;
    for (const input of blocked) {
      const e = { preventDefault: vi.fn() };
      wc.emit('before-input-event', e, input);
      expect(e.preventDefault, JSON.stringify(input)).toHaveBeenCalled();
    }
    for (const input of allowed) {
      const e = { preventDefault: vi.fn() };
      wc.emit('before-input-event', e, input);
      expect(e.preventDefault, JSON.stringify(input)).not.toHaveBeenCalled();
      expect(isDevToolsOrReloadKey(input)).toBe(false);
    }
    const devWc = open(true).webContents;
    const e = { preventDefault: vi.fn() };
    devWc.emit('before-input-event', e, key('F12'));
    expect(e.preventDefault).not.toHaveBeenCalled();
  });

  it('has a View menu without reload and DevTools in a packaged app', () => {
    const packagedRoles = menuItems([viewMenu(false)]).map((i) => i.role);
    expect(packagedRoles).toEqual(expect.arrayContaining(['zoomIn', 'zoomOut', 'resetZoom', 'togglefullscreen']));
    for (const role of DEVELOPER_ROLES) expect(packagedRoles).not.toContain(role);
    expect(viewMenu(true)).toEqual({ role: 'viewMenu' });
  });
});
