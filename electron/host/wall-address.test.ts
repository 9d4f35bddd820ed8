import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../backend/backend';
import type { Logger } from '../backend/log';
import { tempDir, testCacheKey } from '../backend/test-support';
import { readWallAddress, startHostAtKeptAddress, WALL_ADDRESS_FILE } from './wall-address';

const cacheKey = testCacheKey();

let tmp: ReturnType<typeof tempDir>;
let backend: Backend;
let renderer: string;

beforeAll(() => {
  tmp = tempDir('jb-wall-address-');
  renderer = join(tmp.dir, 'renderer');
  mkdirSync(renderer, { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>board</title>');
  // No central: the address does not depend on the link.
  backend = createBackend({ cacheKey, dbPath: join(tmp.dir, 'cache.sqlite'), centralUrl: 'http://127.0.0.1:9', baseMapPath: join(tmp.dir, 'none.mbtiles'), log: () => {} });
});
afterAll(async () => {
  await backend.close();
  tmp.remove();
});

/** One board API call over the host's socket, answered with the result message. */
function callOver(url: string, cookie: string, method: string, arg: unknown): Promise<{ ok: boolean; error?: { code: string } }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: { cookie } });
    ws.on('open', () => ws.send(JSON.stringify({ kind: 'call', id: 1, method, arg })));
    ws.on('message', (data, isBinary) => {
      if (isBinary) return;
      const m = JSON.parse(String(data)) as { kind: string; id?: number; ok: boolean; error?: { code: string } };
      if (m.kind !== 'result' || m.id !== 1) return;
      ws.close();
      resolve(m);
    });
    ws.on('error', reject);
  });
}
/** GET on a fresh connection (a kept-alive one would still point at the host before the restart). */
function open(url: string, cookie?: string): Promise<{ status: number; cookie: string | null }> {
  return new Promise((resolve, reject) => {
    get(url, { agent: false, headers: cookie ? { cookie } : {} }, (res) => {
      res.resume();
      // The wall's own cookie (jb_wall), the one that signs it in again after its session ends.
      const set = res.headers['set-cookie']?.find((c) => c.startsWith('jb_wall='));
      resolve({ status: res.statusCode ?? 0, cookie: set ? set.split(';')[0]! : null });
    }).on('error', reject);
  });
}
const socketUrl = (wallUrl: string) => `ws://${new URL(wallUrl).host}/board`;

const quiet: Logger = () => {};
const start = (dataDir: string, log: Logger = quiet) => startHostAtKeptAddress({ backend, rendererDir: renderer, dataDir, defaultPort: 0, log });

describe('the wall address across restarts', () => {
  it('is the same after a restart on the same data folder, and the wall reads through it', async () => {
    const dataDir = join(tmp.dir, 'same');
    const first = await start(dataDir);
    const wallUrl = first.wallUrl;
    const page = await open(wallUrl);
    expect(page.status).toBe(200);
    const cookie = page.cookie!;
    await first.close();

    const second = await start(dataDir);
    try {
      expect(second.wallUrl).toBe(wallUrl);
      expect((await open(wallUrl)).status).toBe(200);
      // A wall reloading without the token in its address bar: the cookie of the first start still admits it.
      expect((await open(new URL('/wall', wallUrl).href, cookie)).status).toBe(200);
      expect((await open(new URL('/wall', wallUrl).href)).status).toBe(401);
      // The wall's cookie from before the restart signs its socket in again (its session did not survive the restart).
      expect(await callOver(socketUrl(wallUrl), cookie, 'link.status', {})).toMatchObject({ ok: true });
      await expect(callOver(socketUrl(wallUrl), 'jb_wall=forged', 'link.status', {})).rejects.toThrow(/401/);
    } finally {
      await second.close();
    }
  });

  it('only reads with the wall token: every write is forbidden', async () => {
    const host = await start(join(tmp.dir, 'reads'));
    try {
      const wall = socketUrl(host.wallUrl);
      const cookie = (await open(host.wallUrl)).cookie!;
      expect(await callOver(wall, cookie, 'wall.schedule', {})).toMatchObject({ ok: true });
      expect(await callOver(wall, cookie, 'wall.setSchedule', { scenes: [{ id: 'overview', enabled: true, durationS: 30 }] })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await callOver(wall, cookie, 'vehicle.setStatus', { vehicleId: 'veh-001', status: 'maintenance', commandId: crypto.randomUUID() })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      // No cookie, no socket at all.
      await expect(callOver(wall, '', 'wall.schedule', {})).rejects.toThrow(/401/);
    } finally {
      await host.close();
    }
  });

  it('is random per installation, unguessable, and kept readable by its owner only', async () => {
    const a = readWallAddress(join(tmp.dir, 'install-a'), quiet);
    const b = readWallAddress(join(tmp.dir, 'install-b'), quiet);
    expect(a.wallToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(b.wallToken).not.toBe(a.wallToken);
    expect(readWallAddress(join(tmp.dir, 'install-a'), quiet).wallToken).toBe(a.wallToken);
    if (process.platform !== 'win32') expect(statSync(join(tmp.dir, 'install-a', WALL_ADDRESS_FILE)).mode & 0o077).toBe(0);
  });

  it('moves to a free port when its own is taken, says so, and keeps the new one', async () => {
    const dataDir = join(tmp.dir, 'taken');
    const first = await start(dataDir);
    const port = first.port;
    await first.close();
    const squatter = createServer();
    await new Promise<void>((r) => squatter.listen(port, '127.0.0.1', () => r()));
    const logged: string[] = [];
    const moved = await start(dataDir, (_level, event) => logged.push(event));
    await moved.close();
    await new Promise<void>((r) => squatter.close(() => r()));
    expect(moved.port).not.toBe(port);
    expect(logged).toContain('host.wall_address_changed');
    const again = await start(dataDir);
    await again.close();
    expect(again.wallUrl).toBe(moved.wallUrl);
  });

  it('replaces a damaged file with a new token, and says so', () => {
    const dataDir = join(tmp.dir, 'damaged');
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(join(dataDir, WALL_ADDRESS_FILE), '{"port": 5180, "wallToken": "short"}');
    const logged: string[] = [];
    const fresh = readWallAddress(dataDir, (_level, event) => logged.push(event));
    expect(fresh.wallToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(logged).toEqual(['host.wall_address_invalid']);
    expect(JSON.parse(readFileSync(join(dataDir, WALL_ADDRESS_FILE), 'utf8'))).toEqual(fresh);
  });
});
