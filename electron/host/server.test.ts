import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../backend/backend';
import { startHost, type Host } from './server';
import { tempDir, testCacheKey, waitFor } from '../backend/test-support';
import { encodePositions } from '../../shared/positions-codec';

const cacheKey = testCacheKey();

let tmp: ReturnType<typeof tempDir>;
let backend: Backend;
let host: Host;
/** Listeners the host registered, so the test can broadcast as the backend would. */
const hostListeners = new Set<(out: unknown) => void>();

beforeAll(async () => {
  tmp = tempDir('jb-host-');
  const renderer = join(tmp.dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>board</title>');
  writeFileSync(join(renderer, 'assets', 'maplibre-gl-worker.mjs'), 'export {}');
  writeFileSync(join(tmp.dir, 'secret.txt'), 'secret');
  // No central: the host must work regardless of the link.
  backend = createBackend({ cacheKey, dbPath: join(tmp.dir, 'cache.sqlite'), centralUrl: 'http://127.0.0.1:9', baseMapPath: join(tmp.dir, 'none.mbtiles'), log: () => {} });
  const observed = {
    ...backend,
    subscribe: (l: (out: unknown) => void) => {
      hostListeners.add(l);
      const off = backend.subscribe(l);
      return () => {
        hostListeners.delete(l);
        off();
      };
    },
  } as Backend;
  host = await startHost({ backend: observed, rendererDir: renderer, token: 'sesame', log: () => {} });
});
afterAll(async () => {
  await host.close();
  await backend.close();
  tmp.remove();
});

const connect = (query: string) =>
  new Promise<{ ws: WebSocket; messages: unknown[]; frames: ArrayBuffer[] }>((resolve, reject) => {
    const ws = new WebSocket(`${host.url.replace('http', 'ws')}/board${query}`);
    const messages: unknown[] = [];
    const frames: ArrayBuffer[] = [];
    ws.on('message', (data: Buffer, isBinary) => {
      if (isBinary) frames.push(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength) as ArrayBuffer);
      else messages.push(JSON.parse(data.toString()));
    });
    ws.on('open', () => resolve({ ws, messages, frames }));
    ws.on('error', reject);
  });

describe('browser host', () => {
  it('listens on loopback by default', () => {
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves the renderer, .mjs as JavaScript, and index.html for client routes', async () => {
    const worker = await fetch(`${host.url}/assets/maplibre-gl-worker.mjs`);
    expect(worker.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(await (await fetch(`${host.url}/some/client/route`)).text()).toContain('<title>board</title>');
    expect(await (await fetch(`${host.url}/wall?token=sesame`)).text()).toContain('<title>board</title>');
  });

  it('never serves files outside the renderer folder', async () => {
    const r = await fetch(`${host.url}/..%2fsecret.txt`);
    expect(r.status).toBe(403);
  });

  it('refuses the board WebSocket without the right token', async () => {
    await expect(connect('')).rejects.toThrow(/401/);
    await expect(connect('?token=wrong')).rejects.toThrow(/401/);
  });

  it('answers calls, rejects malformed ones, and forwards events and position frames', async () => {
    const c = await connect('?token=sesame');
    c.ws.send(JSON.stringify({ kind: 'call', id: 7, method: 'link.status', arg: {} }));
    c.ws.send('{not json');
    c.ws.send(JSON.stringify({ kind: 'call', id: 8, method: 'site.detail', arg: { siteId: '' } }));
    await waitFor(() => c.messages.length >= 3, 'three answers');
    expect(c.messages).toContainEqual(expect.objectContaining({ kind: 'result', id: 7, ok: true }));
    expect(c.messages).toContainEqual(expect.objectContaining({ kind: 'result', ok: false, error: expect.objectContaining({ code: 'bad_request' }) }));
    expect(c.messages).toContainEqual(expect.objectContaining({ kind: 'result', id: 8, ok: false }));
    // Whatever the backend broadcasts reaches the socket: JSON as text, positions as binary.
    const frame = encodePositions([{ vehicleNo: 1, lon: 11.9, lat: 57.7, heading: 0, speedKmh: 0, ts: 0 }], 1);
    const event = { kind: 'event', name: 'data.changed', data: { tables: ['stock'], cursor: 3 } };
    hostListeners.forEach((l) => {
      l(event);
      l(frame);
    });
    await waitFor(() => c.frames.length === 1 && c.messages.length >= 4, 'the event and the frame');
    expect(c.messages.at(-1)).toEqual(event);
    expect(new Uint8Array(c.frames[0]!)).toEqual(new Uint8Array(frame));
    c.ws.close();
    await waitFor(() => hostListeners.size === 0, 'unsubscribed on close');
  });

  it('keeps the wall schedule in the backend and tells every client when it changes', async () => {
    const c = await connect('?token=sesame');
    c.ws.send(JSON.stringify({ kind: 'call', id: 21, method: 'wall.schedule', arg: {} }));
    await waitFor(() => c.messages.some((m) => (m as { id?: number }).id === 21), 'schedule');
    expect(c.messages.find((m) => (m as { id?: number }).id === 21)).toMatchObject({ ok: true, value: { schedule: null } });
    const schedule = { scenes: [{ id: 'overview', enabled: true, durationS: 30 }, { id: 'link', enabled: false, durationS: 10 }] };
    c.ws.send(JSON.stringify({ kind: 'call', id: 22, method: 'wall.setSchedule', arg: schedule }));
    c.ws.send(JSON.stringify({ kind: 'call', id: 23, method: 'wall.setSchedule', arg: { scenes: [{ id: 'x', enabled: true, durationS: 1 }] } }));
    await waitFor(() => c.messages.some((m) => (m as { name?: string }).name === 'wall.scheduleChanged'), 'change event');
    await waitFor(() => c.messages.some((m) => (m as { id?: number }).id === 23), 'refusal');
    expect(c.messages.find((m) => (m as { id?: number }).id === 23)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await backend.call('wall.schedule', {})).toEqual({ schedule });
    c.ws.close();
  });

  it('refuses /wall without the right token with a page that says why', async () => {
    for (const path of ['/wall', '/wall/', '/wall?token=wrong', '/wall?token=']) {
      const r = await fetch(`${host.url}${path}`);
      expect(r.status, path).toBe(401);
      expect(r.headers.get('content-type')).toMatch(/^text\/html/);
      expect(r.headers.get('set-cookie'), path).toBeNull();
      const body = await r.text();
      expect(body).toContain('令牌');
      expect(body).toContain('/wall?token=');
      expect(body).not.toContain('sesame');
    }
  });

  it('serves the wall with the token, and admits a reload by the cookie it set (the page drops the token from its URL)', async () => {
    const first = await fetch(`${host.url}/wall?token=sesame`);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('<title>board</title>');
    const setCookie = first.headers.get('set-cookie')!;
    expect(setCookie).toMatch(/^jb_wall=[\w-]+; Path=\/wall; HttpOnly; SameSite=Strict$/);
    expect(setCookie).not.toContain('sesame');
    const jar = setCookie.split(';')[0]!;
    const reload = await fetch(`${host.url}/wall`, { headers: { cookie: `other=1; ${jar}` } });
    expect(reload.status).toBe(200);
    expect(await reload.text()).toContain('<title>board</title>');
    const forged = await fetch(`${host.url}/wall`, { headers: { cookie: 'jb_wall=sesame' } });
    expect(forged.status).toBe(401);
    // The console and the assets are not behind the page token: the data is, on the WebSocket.
    expect((await fetch(`${host.url}/assets/maplibre-gl-worker.mjs`)).status).toBe(200);
  });

  it('says where the wall is', () => {
    expect(host.wallUrl).toBe(`${host.url}/wall?token=sesame`);
  });
});
