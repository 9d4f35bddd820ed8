import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { createFakeElectron } from './testing/fake-electron';

const fake = vi.hoisted(() => ({ current: null as null | ReturnType<typeof createFakeElectron> }));
vi.mock('electron', async () => {
  const { createFakeElectron } = await import('./testing/fake-electron');
  fake.current = createFakeElectron();
  return fake.current.module;
});
const { startBackendProcess, BOARD_PORT_CHANNEL } = await import('./backend-process');
const { backendEnv, cityArg, fatalTitle } = await import('./index');
const { sameOriginAs } = await import('./board-pages');
const isAppUrl = sameOriginAs('app://board/');

const cacheKey = randomBytes(32);
/** What a window's channel hands the backend (the first message is the cache key). */
const boardPorts = (child: { posted: { message: unknown }[] }) => child.posted.filter((p) => (p.message as { type: string }).type === 'board-port');

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('backend utilityProcess wiring', () => {
  it('forks the backend entry with its settings in the environment', () => {
    startBackendProcess({ entry: '/app/main/backend.js', env: { JINGBAO_DB: '/data/cache.sqlite' }, cacheKey, log: () => {}, isAppUrl });
    const child = fake.current!.children.at(-1)!;
    expect(child.entry).toBe('/app/main/backend.js');
    expect(child.options.serviceName).toBe('jingbao-backend');
    expect(child.options.env.JINGBAO_DB).toBe('/data/cache.sqlite');
  });

  it('hands each window load one end of a fresh channel and the backend the other', () => {
    const bp = startBackendProcess({ entry: '/e.js', env: {}, cacheKey, log: () => {}, isAppUrl });
    const child = fake.current!.children.at(-1)!;
    const win = new fake.current!.module.BrowserWindow({});
    void win.loadURL('app://board/index.html');
    bp.attach(win as never);
    win.webContents.emit('did-finish-load');
    const channel = fake.current!.channels.at(-1)!;
    expect(child.posted.at(-1)).toEqual({ message: { type: 'board-port' }, transfer: [channel.port1] });
    expect(win.webContents.posted.at(-1)).toEqual({ channel: BOARD_PORT_CHANNEL, message: null, transfer: [channel.port2] });
    // A reload drops the renderer's port: it gets a new channel.
    win.webContents.emit('did-finish-load');
    expect(fake.current!.channels.at(-1)).not.toBe(channel);
    expect(win.webContents.posted).toHaveLength(2);
  });

  it('hands the port only to a window showing the app’s page, never to another URL', () => {
    const logs: string[] = [];
    const bp = startBackendProcess({ entry: '/e.js', env: {}, cacheKey, log: (m) => void logs.push(m), isAppUrl });
    const child = fake.current!.children.at(-1)!;
    const win = new fake.current!.module.BrowserWindow({});
    bp.attach(win as never);
    for (const url of ['', 'https://evil.example/', 'file:///tmp/page.html', 'app://board.evil/index.html', 'http://localhost:5173/', 'chrome-error://chromewebdata/']) {
      win.webContents.url = url;
      win.webContents.emit('did-finish-load');
    }
    expect(win.webContents.posted).toEqual([]);
    expect(boardPorts(child)).toEqual([]);
    expect(logs.filter((l) => l.startsWith('board port withheld'))).toHaveLength(6);
    win.webContents.url = 'app://board/wall';
    win.webContents.emit('did-finish-load');
    expect(win.webContents.posted).toHaveLength(1);
    expect(boardPorts(child)).toHaveLength(1);
  });

  it('restarts a backend that dies and reconnects the windows', () => {
    const bp = startBackendProcess({ entry: '/e.js', env: {}, cacheKey, log: () => {}, isAppUrl });
    const first = fake.current!.children.at(-1)!;
    const win = new fake.current!.module.BrowserWindow({});
    void win.loadURL('app://board/index.html');
    bp.attach(win as never);
    win.webContents.emit('did-finish-load');
    first.emit('exit', 1);
    vi.advanceTimersByTime(10_000);
    const second = fake.current!.children.at(-1)!;
    expect(second).not.toBe(first);
    expect(bp.restarts()).toBe(1);
    expect(boardPorts(second)).toHaveLength(1);
    expect(win.webContents.posted).toHaveLength(2);
  });

  it('does not restart after stop()', () => {
    const bp = startBackendProcess({ entry: '/e.js', env: {}, cacheKey, log: () => {}, isAppUrl });
    const child = fake.current!.children.at(-1)!;
    const count = fake.current!.children.length;
    bp.stop();
    expect(child.killed).toBe(true);
    child.emit('exit', 0);
    vi.advanceTimersByTime(20_000);
    expect(fake.current!.children.length).toBe(count);
  });

  it('derives the backend settings from userData and the environment', () => {
    expect(backendEnv('/u', '/r', {})).toEqual({
      JINGBAO_DB: '/u/cache.sqlite',
      JINGBAO_CENTRAL_URL: 'http://127.0.0.1:8787',
      JINGBAO_BASEMAP: '/r/demo-city/build/basemap.mbtiles',
    });
    expect(backendEnv('/u', '/r', { JINGBAO_NATIVE_BINDING: '/c/b.node', JINGBAO_CENTRAL_URL: 'https://jb.example', JINGBAO_CENTRAL_BACKUP_URL: 'https://jb-backup.example' })).toMatchObject({
      JINGBAO_NATIVE_BINDING: '/c/b.node',
      JINGBAO_CENTRAL_URL: 'https://jb.example',
      JINGBAO_CENTRAL_BACKUP_URL: 'https://jb-backup.example',
    });
  });

  it('passes an imported city on, from --city or JINGBAO_CITY (the command line wins), for the backend to resolve', () => {
    expect(backendEnv('/u', '/r', {}, ['/app/jingbao', '--city', 'shenzhen'])).toMatchObject({ JINGBAO_CITY: 'shenzhen', JINGBAO_BASEMAP: '/r/demo-city/build/basemap.mbtiles' });
    expect(backendEnv('/u', '/r', { JINGBAO_CITY: 'foshan', JINGBAO_CITIES_DIR: '/srv/cities' }, ['/app/jingbao', '--city=shenzhen'])).toMatchObject({ JINGBAO_CITY: 'shenzhen', JINGBAO_CITIES_DIR: '/srv/cities' });
    expect(backendEnv('/u', '/r', { JINGBAO_CITY: 'foshan' }, ['/app/jingbao'])).toMatchObject({ JINGBAO_CITY: 'foshan' });
    expect(cityArg(['/app/jingbao', '--city', '--demo'], {})).toBeUndefined();
    expect(backendEnv('/u', '/r', {}, ['/app/jingbao'])).not.toHaveProperty('JINGBAO_CITY');
    // A city that cannot be opened is said as such, not as a cache failure.
    expect(fatalTitle('city')).toMatch(/城市地图无法打开/);
    expect(fatalTitle('cache_wrong_key')).toMatch(/本地缓存无法打开/);
  });

  it('hands the cache key over as the first message, never in the environment or on the command line', () => {
    vi.stubEnv('JINGBAO_CACHE_KEY', 'ab'.repeat(32));
    vi.stubEnv('JINGBAO_CACHE_KEY_FILE', '/tmp/host.key');
    try {
      const bp = startBackendProcess({ entry: '/e.js', env: { JINGBAO_DB: '/d' }, cacheKey, log: () => {}, isAppUrl });
      const child = fake.current!.children.at(-1)!;
      const win = new fake.current!.module.BrowserWindow({});
      void win.loadURL('app://board/index.html');
      bp.attach(win as never);
      win.webContents.emit('did-finish-load');
      expect(child.posted[0]!.message).toEqual({ type: 'cache-key', key: new Uint8Array(cacheKey) });
      expect((child.posted[1]!.message as { type: string }).type).toBe('board-port');
      const [, args] = fake.current!.module.utilityProcess.fork.mock.calls.at(-1)!;
      const commandLine = JSON.stringify(args);
      const env = JSON.stringify(child.options.env);
      for (const form of [cacheKey.toString('hex'), cacheKey.toString('hex').toUpperCase(), cacheKey.toString('base64')]) {
        expect(commandLine).not.toContain(form);
        expect(env).not.toContain(form);
      }
      // The browser host's settings are not the app's: not passed on.
      expect(child.options.env).not.toHaveProperty('JINGBAO_CACHE_KEY');
      expect(child.options.env).not.toHaveProperty('JINGBAO_CACHE_KEY_FILE');
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it('hands the key again to a restarted backend, before its windows reconnect', () => {
    const bp = startBackendProcess({ entry: '/e.js', env: {}, cacheKey, log: () => {}, isAppUrl });
    const win = new fake.current!.module.BrowserWindow({});
    void win.loadURL('app://board/index.html');
    bp.attach(win as never);
    fake.current!.children.at(-1)!.emit('exit', 1);
    vi.advanceTimersByTime(10_000);
    const second = fake.current!.children.at(-1)!;
    expect(second.posted.map((p: { message: { type: string } }) => p.message.type)).toEqual(['cache-key', 'board-port']);
  });

  it('stops, says why and does not restart when the backend cannot open the cache (a wrong key)', () => {
    const onFatal = vi.fn();
    const bp = startBackendProcess({ entry: '/e.js', env: {}, cacheKey, onFatal, log: () => {}, isAppUrl });
    const child = fake.current!.children.at(-1)!;
    const count = fake.current!.children.length;
    child.emit('message', { type: 'fatal', code: 'cache_key_wrong', message: 'the cache cannot be read with this key' });
    expect(onFatal).toHaveBeenCalledWith({ code: 'cache_key_wrong', message: 'the cache cannot be read with this key' });
    expect(child.killed).toBe(true);
    child.emit('exit', 1);
    vi.advanceTimersByTime(20_000);
    expect(fake.current!.children.length).toBe(count);
    expect(bp.restarts()).toBe(0);
  });
});
