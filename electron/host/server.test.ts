import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBackend, type Backend } from '../backend/backend';
import { startHost, type Host } from './server';
import { seedDemoAccounts, tempDir, testCacheKey, waitFor } from '../backend/test-support';
import { encodePositions } from '../../shared/positions-codec';
import { decodeBinaryResult, frameMagic, BINARY_RESULT_MAGIC } from '../../shared/board/binary-result';
import { ensureDemoCity } from '../../central/test-support';
import type { MethodResult } from '../../shared/board-api';
import { resolve } from 'node:path';

const cacheKey = testCacheKey();

let tmp: ReturnType<typeof tempDir>;
let backend: Backend;
let host: Host;
/** Listeners the host registered, so the test can broadcast as the backend would. */
const hostListeners = new Set<(out: unknown) => void>();

beforeAll(async () => {
  await ensureDemoCity();
  tmp = tempDir('jb-host-');
  const renderer = join(tmp.dir, 'renderer');
  mkdirSync(join(renderer, 'assets'), { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>board</title>');
  writeFileSync(join(renderer, 'assets', 'maplibre-gl-worker.mjs'), 'export {}');
  writeFileSync(join(tmp.dir, 'secret.txt'), 'secret');
  // No central: the host must work regardless of the link. The demo accounts are in the
  // cache already, as after a first pull, so the demo sign-in works.
  seedDemoAccounts(join(tmp.dir, 'cache.sqlite'), cacheKey);
  backend = createBackend({ cacheKey, dbPath: join(tmp.dir, 'cache.sqlite'), centralUrl: 'http://127.0.0.1:9', baseMapPath: resolve(import.meta.dirname, '../../resources/demo-city/build/basemap.mbtiles'), log: () => {}, demo: true });
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
  host = await startHost({ backend: observed, rendererDir: renderer, wallToken: 'sesame', demoLoginKey: 'demo-key', log: () => {} });
});
afterAll(async () => {
  await host.close();
  await backend.close();
  tmp.remove();
});

/** The session cookie a sign-in sets (the demo sign-in: the same sessions, no password). */
async function signIn(role = 'duty'): Promise<string> {
  const r = await fetch(`${host.url}/auth/demo?role=${role}&key=demo-key`, { redirect: 'manual' });
  expect(r.status).toBe(302);
  const cookie = r.headers.get('set-cookie')!;
  expect(cookie).toMatch(/^jb_session=[\w-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
  return cookie.split(';')[0]!;
}

const connect = (cookie: string | null, headers: Record<string, string> = {}) =>
  new Promise<{ ws: WebSocket; messages: unknown[]; frames: ArrayBuffer[] }>((resolve, reject) => {
    const ws = new WebSocket(`${host.url.replace('http', 'ws')}/board`, { headers: { ...(cookie ? { cookie } : {}), ...headers } });
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

  it('refuses the board WebSocket without a session, with a forged one, or from a foreign origin, and audits each', async () => {
    const before = (await backend.call('audit.list', { action: 'session_refused' }) as { local: unknown[] }).local.length;
    await expect(connect(null)).rejects.toThrow(/401/);
    await expect(connect('jb_session=' + 'x'.repeat(43))).rejects.toThrow(/401/);
    const good = await signIn();
    await expect(connect(good, { origin: 'http://evil.example' })).rejects.toThrow(/403/);
    await expect(connect(good, { host: 'evil.example' })).rejects.toThrow(/403/);
    const refused = (await backend.call('audit.list', { action: 'session_refused' }) as { local: { detail: { why: string } }[] }).local;
    expect(refused.length - before).toBe(4);
    expect(refused.map((e) => e.detail.why)).toEqual(expect.arrayContaining(['no session', 'a session that is forged or expired']));
    // With its own origin the same session is let in.
    const ok = await connect(good, { origin: host.url });
    ok.ws.close();
  });

  it('offers the demo accounts on the demo’s sign-in page: one POST per role, same origin only', async () => {
    const post = (body: unknown, headers: Record<string, string> = {}) => fetch(`${host.url}/auth/demo`, { method: 'POST', body: JSON.stringify(body), headers });
    expect((await post({ role: 'pirate' })).status).toBe(400);
    // A page elsewhere cannot sign this board in.
    expect((await post({ role: 'duty' }, { origin: 'https://evil.example' })).status).toBe(403);
    const r = await post({ role: 'supervisor' }, { origin: host.url });
    expect(r.status).toBe(200);
    expect(((await r.json()) as { session: { role: string } }).session.role).toBe('supervisor');
    const cookie = r.headers.get('set-cookie')!.split(';')[0]!;
    expect(await (await fetch(`${host.url}/auth/session`, { headers: { cookie } })).json()).toEqual({ signedIn: true, demo: true });
  });

  it('signs in over HTTP and refuses a wrong demo key; a sign-out ends the session', async () => {
    expect((await fetch(`${host.url}/auth/demo?role=duty&key=nope`, { redirect: 'manual' })).status).toBe(403);
    expect((await fetch(`${host.url}/auth/demo?role=pirate&key=demo-key`, { redirect: 'manual' })).status).toBe(403);
    const cookie = await signIn();
    expect(await (await fetch(`${host.url}/auth/session`, { headers: { cookie } })).json()).toEqual({ signedIn: true, demo: true });
    // No central and no verifier: a password sign-in says so, and sets no cookie.
    const r = await fetch(`${host.url}/auth/login`, { method: 'POST', body: JSON.stringify({ username: 'demo.duty', password: 'x'.repeat(12), code: '123456' }) });
    expect(r.status).toBe(401);
    expect(((await r.json()) as { code: string }).code).toBe('offline_login_unavailable');
    expect(r.headers.get('set-cookie')).toBeNull();
    expect((await fetch(`${host.url}/auth/logout`, { method: 'POST', headers: { cookie } })).status).toBe(200);
    expect(await (await fetch(`${host.url}/auth/session`, { headers: { cookie } })).json()).toEqual({ signedIn: false, demo: true });
    await expect(connect(cookie)).rejects.toThrow(/401/);
  });

  it('answers calls, rejects malformed ones, and forwards events and position frames', async () => {
    const c = await connect(await signIn());
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

  it('sends a tile as a binary frame of its own, the same bytes the backend holds, and no tile as JSON null', async () => {
    const info = (await backend.call('map.info', {})) as MethodResult<'map.info'>;
    const [lon, lat] = info.center;
    const z = 14;
    const x = Math.floor(((lon + 180) / 360) * 2 ** z);
    const y = Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * 2 ** z);
    const direct = ((await backend.call('map.tile', { z, x, y })) as MethodResult<'map.tile'>).data!;
    expect(direct.byteLength).toBeGreaterThan(1000);
    const c = await connect(await signIn());
    c.ws.send(JSON.stringify({ kind: 'call', id: 41, method: 'map.tile', arg: { z, x, y } }));
    c.ws.send(JSON.stringify({ kind: 'call', id: 42, method: 'map.tile', arg: { z: 3, x: 0, y: 0 } }));
    await waitFor(() => c.frames.length === 1 && c.messages.length >= 1, 'the tile frame and the empty answer');
    expect(frameMagic(c.frames[0]!)).toBe(BINARY_RESULT_MAGIC);
    const got = decodeBinaryResult(c.frames[0]!);
    expect(got.id).toBe(41);
    expect(Buffer.from(got.data).equals(Buffer.from(direct))).toBe(true);
    // 16 B of header, not a third more for base64 and the JSON around it.
    expect(c.frames[0]!.byteLength).toBe(direct.byteLength + 16);
    expect(c.messages).toEqual([{ kind: 'result', id: 42, ok: true, value: { data: null } }]);
    c.ws.close();
  });

  it('refuses a wall viewer what only a supervisor may do, and lets the supervisor', async () => {
    const wall = await connect(await signIn('wall'));
    wall.ws.send(JSON.stringify({ kind: 'call', id: 31, method: 'wall.setSchedule', arg: { scenes: [] } }));
    wall.ws.send(JSON.stringify({ kind: 'call', id: 32, method: 'link.status', arg: {} }));
    await waitFor(() => wall.messages.length >= 2, 'two answers');
    expect(wall.messages.find((m) => (m as { id?: number }).id === 31)).toMatchObject({ ok: false, error: { code: 'forbidden', params: { permission: 'wall.write', role: 'wall' } } });
    expect(wall.messages.find((m) => (m as { id?: number }).id === 32)).toMatchObject({ ok: true });
    wall.ws.close();
  });

  it('keeps the wall schedule in the backend and tells every client when it changes', async () => {
    const c = await connect(await signIn('supervisor'));
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

  it('serves the wall with the token, signs it in read-only, and admits a reload by the cookie it set (the page drops the token from its URL)', async () => {
    const first = await fetch(`${host.url}/wall?token=sesame`);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain('<title>board</title>');
    const cookies = first.headers.getSetCookie();
    expect(cookies[0]).toMatch(/^jb_wall=[\w-]+; Path=\/; HttpOnly; SameSite=Strict; Max-Age=31536000$/);
    expect(cookies.join()).not.toContain('sesame');
    const wallJar = cookies[0]!.split(';')[0]!;
    const sessionJar = cookies[1]!.split(';')[0]!;
    const reload = await fetch(`${host.url}/wall`, { headers: { cookie: `other=1; ${wallJar}` } });
    expect(reload.status).toBe(200);
    expect(await reload.text()).toContain('<title>board</title>');
    const forged = await fetch(`${host.url}/wall`, { headers: { cookie: 'jb_wall=sesame' } });
    expect(forged.status).toBe(401);
    // Its session reads and is refused anything else.
    const w = await connect(sessionJar);
    w.ws.send(JSON.stringify({ kind: 'call', id: 41, method: 'vehicle.setStatus', arg: { vehicleId: 'veh-001', status: 'maintenance' } }));
    await waitFor(() => w.messages.length >= 1, 'answer');
    expect(w.messages[0]).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    w.ws.close();
    // Its session gone (a restart, an expiry), the wall's own cookie signs it in again on the socket.
    const again = await connect(`${wallJar}; jb_session=${'y'.repeat(43)}`);
    again.ws.close();
    // The console and the assets are not behind the page token: the data is, on the WebSocket.
    expect((await fetch(`${host.url}/assets/maplibre-gl-worker.mjs`)).status).toBe(200);
  });

  it('says where the wall is', () => {
    expect(host.wallUrl).toBe(`${host.url}/wall?token=sesame`);
  });
});
