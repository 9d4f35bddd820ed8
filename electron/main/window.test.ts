import { describe, expect, it, vi } from 'vitest';
import type { createFakeElectron } from './testing/fake-electron';

const fake = vi.hoisted(() => ({ current: null as null | ReturnType<typeof createFakeElectron> }));
vi.mock('electron', async () => {
  const { createFakeElectron } = await import('./testing/fake-electron');
  fake.current = createFakeElectron();
  return fake.current.module;
});
const { createConsoleWindow, secureWebPreferences } = await import('./window');

describe('console window', () => {
  it('uses secure web preferences', () => {
    const prefs = secureWebPreferences('/app/preload/index.cjs');
    expect(prefs).toMatchObject({
      preload: '/app/preload/index.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('creates the window with those preferences and loads the built renderer', () => {
    createConsoleWindow({ preload: '/app/preload/index.cjs', load: { url: 'app://board/index.html' } });
    const win = fake.current!.windows.at(-1)!;
    expect(win.options.webPreferences).toEqual(secureWebPreferences('/app/preload/index.cjs'));
    expect(win.loaded).toBe('app://board/index.html');
    const wc = win.webContents;
    const away = { preventDefault: vi.fn() };
    wc.emit('will-navigate', away, 'file:///etc/passwd');
    expect(away.preventDefault).toHaveBeenCalled();
    const inside = { preventDefault: vi.fn() };
    wc.emit('will-navigate', inside, 'app://board/wall');
    expect(inside.preventDefault).not.toHaveBeenCalled();
  });

  it('denies navigation away from the app, new windows, webviews and permissions', () => {
    createConsoleWindow({ preload: '/p.cjs', load: { url: 'http://localhost:5173/' } });
    const wc = fake.current!.windows.at(-1)!.webContents;
    const away = { preventDefault: vi.fn() };
    wc.emit('will-navigate', away, 'https://example.com/');
    expect(away.preventDefault).toHaveBeenCalled();
    const inside = { preventDefault: vi.fn() };
    wc.emit('will-navigate', inside, 'http://localhost:5173/wall');
    expect(inside.preventDefault).not.toHaveBeenCalled();
    const webview = { preventDefault: vi.fn() };
    wc.emit('will-attach-webview', webview);
    expect(webview.preventDefault).toHaveBeenCalled();
    expect(wc.windowOpenHandler!()).toEqual({ action: 'deny' });
    const cb = vi.fn();
    wc.permissionHandler!(null, 'geolocation', cb);
    expect(cb).toHaveBeenCalledWith(false);
  });
});
