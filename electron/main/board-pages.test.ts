import { describe, expect, it, vi } from 'vitest';

// board-pages names app://board from app-protocol.ts, which registers the scheme with Electron.
vi.mock('electron', async () => (await import('./testing/fake-electron')).createFakeElectron().module);
const { boardPages, sameOriginAs } = await import('./board-pages');

const pages = (packaged: boolean, url?: string) => {
  const logs: string[] = [];
  const p = boardPages({ packaged, env: url === undefined ? {} : { ELECTRON_RENDERER_URL: url }, log: (m) => void logs.push(m) });
  return { ...p, logs };
};

describe('the board’s pages', () => {
  it('are app://board/ in a packaged app, whatever ELECTRON_RENDERER_URL says', () => {
    for (const url of [undefined, 'http://localhost:5173/', 'https://evil.example/']) {
      const p = pages(true, url);
      expect(p.console).toBe('app://board/index.html');
      expect(p.wall).toBe('app://board/wall');
      expect(p.isAppUrl('app://board/index.html')).toBe(true);
      expect(p.isAppUrl('http://localhost:5173/')).toBe(false);
      expect(p.logs).toHaveLength(url ? 1 : 0);
    }
  });

  it('are the dev server in development, when it is on this machine', () => {
    const p = pages(false, 'http://localhost:5173/');
    expect(p.console).toBe('http://localhost:5173/');
    expect(p.wall).toBe('http://localhost:5173/wall');
    expect(p.isAppUrl('http://localhost:5173/wall')).toBe(true);
    expect(p.isAppUrl('app://board/index.html')).toBe(false);
    expect(p.isAppUrl('http://localhost:5174/')).toBe(false);
    expect(pages(false, 'http://127.0.0.1:5173/').console).toBe('http://127.0.0.1:5173/');
    expect(pages(false).console).toBe('app://board/index.html');
  });

  it('ignore a dev server URL that is not a loopback http(s) server, and say so', () => {
    for (const url of ['https://evil.example/', 'file:///tmp/index.html', 'javascript:alert(1)', 'not a url', 'http://localhost.evil.example/']) {
      const p = pages(false, url);
      expect(p.console, url).toBe('app://board/index.html');
      expect(p.logs[0], url).toContain('ELECTRON_RENDERER_URL ignored');
    }
  });
});

describe('sameOriginAs', () => {
  const isApp = sameOriginAs('app://board/');
  it('matches scheme, host and port, not a prefix', () => {
    expect(isApp('app://board/')).toBe(true);
    expect(isApp('app://board/assets/x.js?y#z')).toBe(true);
    for (const url of ['app://board.evil/', 'app://boardx/', 'app://evil/board/', 'app://board:8080/', 'http://board/', 'about:blank', '', 'app:board', 'chrome-error://chromewebdata/']) {
      expect(isApp(url), url).toBe(false);
    }
    expect(() => sameOriginAs('about:blank')).toThrow();
  });
});
