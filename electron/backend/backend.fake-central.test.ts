/**
 * The backend against a scripted central that misbehaves: malformed pages, unknown
 * live messages, garbage frames, and no central at all. Nothing already cached may be
 * lost, and every failure must show in the link status and the log.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openCacheFile } from './store/cache-file';
import { createBackend, type Backend } from './backend';
import type { LogRecord } from './log';
import { decodePositions, encodePositions } from '../../shared/positions-codec';
import { tempDir, TEST_CALLER, testCacheKey, waitFor } from './test-support';

const cacheKey = testCacheKey();

const site = (id: string, name = '中心物资库') => ({ id, kind: 'central', name, nameEn: 'Central depot', address: 'Avenyn', lon: 11.97, lat: 57.7 });
type Route = (since: number) => { status?: number; body: string };
const CHAIN = '0123456789abcdef';

async function fakeCentral(route: Route) {
  const sockets = new Set<WebSocket>();
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/changes') {
      const r = route(Number(url.searchParams.get('since')));
      res.writeHead(r.status ?? 200, { 'content-type': 'application/json' }).end(r.body);
    } else if (url.pathname === '/digest') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"cursor":"many","tables":{}}');
    } else if (url.pathname === '/health') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'ok', name: 'fake', time: Date.now(), cursor: 0 }));
    } else res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ server, path: '/live' });
  wss.on('connection', (ws) => {
    sockets.add(ws);
    ws.send(JSON.stringify({ type: 'hello', cursor: 0, time: Date.now() }));
    ws.on('close', () => sockets.delete(ws));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    send: (data: string | ArrayBuffer) => sockets.forEach((s) => s.send(data)),
    connected: () => sockets.size,
    close: async () => {
      sockets.forEach((s) => s.terminate());
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

let tmp: ReturnType<typeof tempDir>;
let backend: Backend | null = null;
let logs: LogRecord[] = [];
const start = (centralUrl: string, extra: Partial<Parameters<typeof createBackend>[0]> = {}) => {
  backend = createBackend({
    cacheKey,
    dbPath: join(tmp.dir, 'cache.sqlite'),
    centralUrl,
    baseMapPath: join(tmp.dir, 'missing.mbtiles'),
    log: (level, event, fields) => logs.push({ level, event, at: Date.now(), ...fields }),
    ...extra,
  });
  backend.start();
  return backend;
};
beforeEach(() => {
  tmp = tempDir('jb-fake-');
  logs = [];
});
afterEach(async () => {
  await backend?.close();
  backend = null;
  tmp.remove();
});

describe('backend with a misbehaving central', () => {
  it('rejects a malformed page without touching the cache, then goes on when pages are good again', async () => {
    let mode: 'idle' | 'good' | 'bad' = 'idle';
    const good1 = { changes: [{ seq: 1, table: 'site', op: 'upsert', key: 'a', row: site('a') }], cursor: 1, chain: '0123456789abcdef', hasMore: false };
    const central = await fakeCentral((since) => {
      if (since === 0) return { body: JSON.stringify(good1) };
      if (mode === 'idle') return { body: JSON.stringify({ changes: [], cursor: since, chain: '0123456789abcdef', hasMore: false }) };
      if (mode === 'bad') return { body: JSON.stringify({ changes: [{ seq: 2, table: 'site', op: 'upsert', key: 'b', row: { ...site('b'), kind: 'bunker' } }], cursor: 2, chain: '0123456789abcdef', hasMore: false }) };
      return { body: JSON.stringify({ changes: [{ seq: 2, table: 'site', op: 'upsert', key: 'b', row: site('b', '东区区域库') }], cursor: 2, chain: '0123456789abcdef', hasMore: false }) };
    });
    try {
      const b = start(central.url);
      await waitFor(() => b.stats().cursor === 1, 'first page');
      mode = 'bad';
      expect(await b.pull()).toBe(false);
      expect(b.stats().cursor).toBe(1);
      const snap = (await b.call('board.snapshot', {})) as { sites: { id: string }[]; link: { lastError: { code: string } | null } };
      expect(snap.sites.map((s) => s.id)).toEqual(['a']);
      expect(snap.link.lastError?.code).toBe('malformed_page');
      expect(logs.some((l) => l.event === 'sync.page_rejected' && l.level === 'error')).toBe(true);
      const db = openCacheFile(join(tmp.dir, 'cache.sqlite'), cacheKey, { readonly: true });
      expect(db.prepare("SELECT COUNT(*) AS n FROM sync_event WHERE kind = 'page_rejected'").get()).toEqual({ n: 1 });
      db.close();
      mode = 'good';
      expect(await b.pull()).toBe(true);
      expect(b.stats().cursor).toBe(2);
    } finally {
      await central.close();
    }
  });

  it.each([
    ['truncated JSON', '{"changes": [{"seq": 1, "tab'],
    ['not JSON at all', '<html>proxy error</html>'],
    ['huge array', JSON.stringify({ changes: Array.from({ length: 5000 }, (_, i) => ({ seq: i + 1, table: 'site', op: 'upsert', key: 'x', row: site('x') })), cursor: 5000, chain: '0123456789abcdef', hasMore: false })],
  ])('keeps the cache when a page is %s', async (_name, body) => {
    const central = await fakeCentral(() => ({ body }));
    try {
      const b = start(central.url);
      await waitFor(() => b.stats().link.lastError?.code === 'malformed_page', 'page rejected');
      expect(b.stats().cursor).toBe(0);
    } finally {
      await central.close();
    }
  });

  it('logs and counts unknown live messages and bad frames, and keeps streaming', async () => {
    const central = await fakeCentral(() => ({ body: JSON.stringify({ changes: [], cursor: 0, chain: '0123456789abcdef', hasMore: false }) }));
    try {
      const b = start(central.url);
      await waitFor(() => central.connected() > 0 && b.stats().link.state === 'connected', 'connected');
      central.send(JSON.stringify({ type: 'selfdestruct', cursor: 1 }));
      central.send('not json');
      central.send(new ArrayBuffer(7));
      central.send(encodePositions([{ vehicleNo: 3, lon: 11.97, lat: 57.7, heading: 10, speedKmh: 30, ts: 0 }], Date.now()));
      await waitFor(() => b.stats().positionFrames === 1, 'the good frame');
      expect(b.stats().liveMessagesRejected).toBe(2);
      expect(b.stats().positionFramesRejected).toBe(1);
      expect(logs.filter((l) => l.event === 'live.bad_message')).toHaveLength(2);
      expect(logs.some((l) => l.event === 'live.bad_positions')).toBe(true);
      const snap = (await b.call('board.snapshot', {})) as { positions: { vehicleNo: number }[] };
      expect(snap.positions.map((p) => p.vehicleNo)).toEqual([3]);
    } finally {
      await central.close();
    }
  });

  it('says reconnecting, then offline, when no central is running, and serves the cache meanwhile', async () => {
    const b = start('http://127.0.0.1:9', { offlineAfterMs: 1_500 });
    const seen: string[] = [];
    b.subscribe((m) => {
      if (!(m instanceof ArrayBuffer) && m.kind === 'event' && m.name === 'link.changed') seen.push((m.data as { state: string }).state);
    });
    await waitFor(() => b.stats().link.state === 'offline', 'offline', 10_000);
    expect(b.stats().link.lastError?.message).toBeTruthy();
    expect(seen).toContain('offline');
    const snap = (await b.call('board.snapshot', {})) as { sites: unknown[] };
    expect(snap.sites).toEqual([]);
  });

  it('answers bad board API calls with typed errors', async () => {
    const b = start('http://127.0.0.1:9');
    expect(await b.handle({ kind: 'call', id: 1, method: 'site.detail', arg: { siteId: 5 } }, TEST_CALLER)).toMatchObject({ id: 1, ok: false, error: { code: 'bad_request' } });
    expect(await b.handle({ kind: 'call', id: 2, method: 'site.explode', arg: {} }, TEST_CALLER)).toMatchObject({ id: 2, ok: false, error: { code: 'unknown_method' } });
    expect(await b.handle({ kind: 'call', id: 3, method: 'site.detail', arg: { siteId: 'nope' } }, TEST_CALLER)).toMatchObject({ id: 3, ok: false, error: { code: 'not_found' } });
    expect(await b.handle('garbage', TEST_CALLER)).toMatchObject({ ok: false, error: { code: 'bad_request' } });
    expect(await b.handle({ kind: 'call', id: 4, method: 'map.info', arg: {} }, TEST_CALLER)).toMatchObject({ id: 4, ok: false, error: { code: 'unavailable' } });
  });

  it('a page that says "more" but brings nothing stops the pull instead of spinning, and is a link event', async () => {
    let requests = 0;
    const central = await fakeCentral((since) => {
      requests++;
      return { body: JSON.stringify({ changes: [], cursor: since, chain: CHAIN, hasMore: true }) };
    });
    try {
      const b = start(central.url);
      await waitFor(() => b.stats().emptyPages > 0, 'empty page seen');
      await new Promise((r) => setTimeout(r, 1_500));
      // Pulls come from the live hello and the safety timer, not from a tight loop.
      expect(requests).toBeLessThan(10);
      expect(b.stats().link.lastError?.code).toBe('empty_page');
      const health = (await b.call('link.health', {})) as { events: { kind: string }[] };
      expect(health.events.some((e) => e.kind === 'empty_page')).toBe(true);
    } finally {
      await central.close();
    }
  });

  it('refuses an empty page whose cursor is from the future, and keeps its own', async () => {
    const central = await fakeCentral(() => ({ body: JSON.stringify({ changes: [], cursor: 9_000_000, chain: CHAIN, hasMore: false }) }));
    try {
      const b = start(central.url);
      await waitFor(() => b.stats().link.lastError?.code === 'malformed_page', 'page rejected');
      expect(b.stats().cursor).toBe(0);
      const health = (await b.call('link.health', {})) as { events: { kind: string; detail: string }[] };
      expect(health.events.find((e) => e.kind === 'page_rejected')?.detail).toMatch(/cursor from the future/);
    } finally {
      await central.close();
    }
  });

  it('a digest that fails its schema is a link event, and nothing is re-synced', async () => {
    const central = await fakeCentral(() => ({ body: JSON.stringify({ changes: [], cursor: 0, chain: CHAIN, hasMore: false }) }));
    try {
      const b = start(central.url);
      await waitFor(() => b.stats().link.state === 'connected', 'connected');
      expect(await b.reconcile()).toEqual([]);
      const health = (await b.call('link.health', {})) as { events: { kind: string }[] };
      expect(health.events.some((e) => e.kind === 'digest_rejected')).toBe(true);
    } finally {
      await central.close();
    }
  });

  it('forwards only the records that pass the shared validity rule, stamped with the receive time', async () => {
    const central = await fakeCentral(() => ({ body: JSON.stringify({ changes: [], cursor: 0, chain: CHAIN, hasMore: false }) }));
    try {
      const b = start(central.url);
      const frames: ArrayBuffer[] = [];
      b.subscribe((m) => {
        if (m instanceof ArrayBuffer) frames.push(m);
      });
      await waitFor(() => central.connected() > 0, 'live');
      const good = { vehicleNo: 4, lon: 11.97, lat: 57.7, heading: 10, speedKmh: 30, ts: 0 };
      central.send(encodePositions([good, { ...good, vehicleNo: 5, lat: 123 }, { ...good, vehicleNo: 6, speedKmh: -3 }], 5, 1));
      await waitFor(() => frames.length === 1, 'forwarded');
      const out = decodePositions(frames[0]!);
      expect(out.count).toBe(1);
      expect(out.rejected).toBe(0);
      expect([...out.vehicleNo.subarray(0, 1)]).toEqual([4]);
      expect(Math.abs(out.ts - Date.now())).toBeLessThan(2_000);
      expect(b.stats().positionRecordsDropped).toBe(2);
      // A duplicate (same stream seq) and a late frame (lower seq) are dropped.
      central.send(encodePositions([good], 6, 1));
      central.send(encodePositions([good], 7, 3));
      central.send(encodePositions([good], 8, 2));
      await waitFor(() => b.stats().positionFramesStale === 2, 'stale frames dropped');
      expect(frames).toHaveLength(2);
    } finally {
      await central.close();
    }
  });
});
