import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHANGES_MAX_LIMIT,
  centralErrorSchema,
  changesPageSchema,
  commandResultSchema,
  healthSchema,
  liveMessageSchema,
  type Change,
  type Command,
} from '../shared/central-api';
import { decodePositions } from '../shared/positions-codec';
import { createCentralServer, MAX_COMMAND_BYTES, type CentralServer } from './server';
import { centralFetch, connectLive, ensureDemoCity, tempDir } from './test-support';

/** The command tree (17 units), the demo city (14 sites, 11 items, 114 stock lines, 120 vehicles) and the 9 demo accounts (5 the city's, 4 of units below it). */
const SEED_CHANGES = 290;

const tmp = tempDir();
let server: CentralServer;

beforeAll(async () => {
  await ensureDemoCity();
  server = await createCentralServer({ dbPath: tmp.db(), simulate: false, routeSliceMs: Infinity });
});
afterAll(async () => {
  await server?.close();
  tmp.remove();
});

const get = async (path: string) => {
  const res = await centralFetch(server.url + path);
  return { status: res.status, body: (await res.json()) as unknown };
};
const post = async (body: unknown, raw?: string) => {
  const res = await centralFetch(server.url + '/commands', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: raw ?? JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as unknown };
};
const pullAll = async (since: number, limit: number) => {
  const changes: Change[] = [];
  let cursor = since;
  for (;;) {
    const { status, body } = await get(`/changes?since=${cursor}&limit=${limit}`);
    expect(status).toBe(200);
    const page = changesPageSchema.parse(body);
    changes.push(...page.changes);
    cursor = page.cursor;
    if (!page.hasMore) return { changes, cursor };
  }
};
const stockAdjust = (delta: number, over: Partial<Command['payload']> = {}, id: string = randomUUID()): Command => ({
  id,
  type: 'stock.adjust',
  issuedAt: Date.now(),
  payload: { siteId: 'depot-central', itemId: 'n95-mask', delta, reason: 'test', ...over } as Extract<Command, { type: 'stock.adjust' }>['payload'],
});

describe('GET /health', () => {
  it('answers the health schema with the latest cursor', async () => {
    const { status, body } = await get('/health');
    expect(status).toBe(200);
    const h = healthSchema.parse(body);
    expect(h.status).toBe('ok');
    expect(h.cursor).toBeGreaterThanOrEqual(SEED_CHANGES);
  });
});

describe('GET /changes', () => {
  it('pages through the seed in order with a cursor', async () => {
    const { status, body } = await get('/changes?since=0&limit=100');
    expect(status).toBe(200);
    const first = changesPageSchema.parse(body);
    expect(first.changes).toHaveLength(100);
    expect(first.hasMore).toBe(true);
    expect(first.cursor).toBe(100);

    const { changes } = await pullAll(0, 37);
    expect(changes.map((c) => c.seq).slice(0, SEED_CHANGES)).toEqual([...Array(SEED_CHANGES).keys()].map((i) => i + 1));
    const byTable = (t: string) => changes.filter((c) => c.table === t && c.seq <= SEED_CHANGES).length;
    expect([byTable('unit'), byTable('site'), byTable('item'), byTable('stock'), byTable('vehicle'), byTable('user_account')]).toEqual([17, 14, 11, 114, 120, 10]);
    const mask = changes.find((c) => c.table === 'stock' && c.key === 'depot-central/n95-mask');
    expect(mask?.row).toMatchObject({ quantity: 114_000 });
  });

  it('uses the default limit and answers an empty page at the head', async () => {
    const all = changesPageSchema.parse((await get('/changes')).body);
    const head = healthSchema.parse((await get('/health')).body).cursor;
    // The city, the accounts and the readiness ledger's seed: more than one default page.
    expect(all.changes).toHaveLength(Math.min(500, head));
    const empty = changesPageSchema.parse((await get(`/changes?since=${head}`)).body);
    expect(empty).toEqual({ changes: [], cursor: head, chain: expect.stringMatching(/^[0-9a-f]{16}$/), hasMore: false, scope: 'unit-gbg' });
  });

  it.each([
    ['since=-1', 400],
    ['since=abc', 400],
    ['since=1.5', 400],
    ['since=', 400],
    ['limit=0', 400],
    [`limit=${CHANGES_MAX_LIMIT + 1}`, 400],
    ['limit=1e3', 400],
    ['since=99999999', 409],
  ])('rejects %s with %i and an error body', async (query, want) => {
    const { status, body } = await get(`/changes?${query}`);
    expect(status).toBe(want);
    centralErrorSchema.parse(body);
  });

  it('answers 404 and 405 as JSON errors', async () => {
    const notFound = await get('/nope');
    expect(notFound.status).toBe(404);
    expect(centralErrorSchema.parse(notFound.body).code).toBe('not_found');
    const res = await centralFetch(server.url + '/changes', { method: 'POST', body: '{}' });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe('GET');
  });
});

describe('POST /commands', () => {
  it('applies a command once and answers the same result again', async () => {
    const before = healthSchema.parse((await get('/health')).body).cursor;
    const cmd = stockAdjust(-500);
    const first = await post(cmd);
    expect(first.status).toBe(200);
    const r1 = commandResultSchema.parse(first.body);
    expect(r1).toEqual({ id: cmd.id, status: 'applied', cursor: before + 1, chain: expect.stringMatching(/^[0-9a-f]{16}$/) });
    const again = await post(cmd);
    expect(again.body).toEqual(first.body);
    const { changes } = await pullAll(before, 100);
    const stock = changes.filter((c) => c.table === 'stock');
    expect(stock).toHaveLength(1);
    expect(stock[0]?.row).toMatchObject({ siteId: 'depot-central', itemId: 'n95-mask', quantity: 113_500 });
    expect(server.stats()).toMatchObject({ commandsApplied: 1, commandsReplayed: 1 });
  });

  it('rejects taking more than the stock, and remembers the rejection', async () => {
    const cmd = stockAdjust(-1_000_000);
    const r = commandResultSchema.parse((await post(cmd)).body);
    expect(r).toMatchObject({ status: 'rejected', code: 'insufficient_stock' });
    expect((await post(cmd)).body).toEqual(r);
  });

  it('rejects unknown ids with not_found', async () => {
    expect((await post(stockAdjust(1, { siteId: 'nowhere' }))).body).toMatchObject({ status: 'rejected', code: 'not_found' });
    expect((await post(stockAdjust(1, { itemId: 'nothing' }))).body).toMatchObject({ status: 'rejected', code: 'not_found' });
    const cmd: Command = { id: randomUUID(), type: 'vehicle.setStatus', issuedAt: Date.now(), payload: { vehicleId: 'veh-999', status: 'enroute' } };
    expect((await post(cmd)).body).toMatchObject({ status: 'rejected', code: 'not_found' });
  });

  it('sets a vehicle status: change feed, simulator and live notification agree', async () => {
    const live = await connectLive(server.url);
    await live.next((f) => f.kind === 'text');
    const cmd: Command = { id: randomUUID(), type: 'vehicle.setStatus', issuedAt: Date.now(), payload: { vehicleId: 'veh-007', status: 'maintenance' } };
    const r = commandResultSchema.parse((await post(cmd)).body);
    expect(r.status).toBe('applied');
    const changed = await live.next((f) => f.kind === 'text');
    expect(liveMessageSchema.parse(changed.kind === 'text' && changed.json)).toEqual({ type: 'changed', cursor: r.status === 'applied' ? r.cursor : -1 });
    expect(server.simulator.statusOf('veh-007')).toBe('maintenance');
    const page = changesPageSchema.parse((await get(`/changes?since=${(r as { cursor: number }).cursor - 1}`)).body);
    expect(page.changes[0]).toMatchObject({ table: 'vehicle', key: 'veh-007', row: { status: 'maintenance' } });
    await live.close();
  });

  it('answers 409 when an id is reused for a different request', async () => {
    const id = randomUUID();
    expect((await post(stockAdjust(1, {}, id))).status).toBe(200);
    const res = await post(stockAdjust(2, {}, id));
    expect(res.status).toBe(409);
    expect(centralErrorSchema.parse(res.body).code).toBe('idempotency_conflict');
  });

  it.each([
    ['not JSON', undefined, '{"id":', 'bad_json'],
    ['an unknown type', { id: randomUUID(), type: 'stock.steal', issuedAt: 1, payload: {} }, undefined, 'invalid_command'],
    ['a bad uuid', { ...stockAdjust(1), id: 'not-a-uuid' }, undefined, 'invalid_command'],
    ['a fractional delta', stockAdjust(1.5), undefined, 'invalid_command'],
    ['an extra field', { ...stockAdjust(1), extra: true }, undefined, 'invalid_command'],
  ])('rejects %s with 400', async (_what, body, raw, code) => {
    const res = await post(body, raw);
    expect(res.status).toBe(400);
    expect(centralErrorSchema.parse(res.body).code).toBe(code);
  });

  it('rejects an oversized body with 413', async () => {
    const res = await post(undefined, JSON.stringify({ pad: 'x'.repeat(MAX_COMMAND_BYTES) }));
    expect(res.status).toBe(413);
    expect(centralErrorSchema.parse(res.body).code).toBe('payload_too_large');
  });
});

describe('WS /live', () => {
  it('says hello, then sends one position batch per tick', async () => {
    const live = await connectLive(server.url);
    const hello = await live.next();
    expect(hello.kind).toBe('text');
    const msg = liveMessageSchema.parse(hello.kind === 'text' ? hello.json : null);
    expect(msg).toMatchObject({ type: 'hello', cursor: healthSchema.parse((await get('/health')).body).cursor });

    server.simulator.tick(1);
    const frame = await live.next((f) => f.kind === 'binary');
    const batch = decodePositions(frame.kind === 'binary' ? frame.data : Buffer.alloc(0));
    expect(batch.rejected).toBe(0);
    // Every vehicle reports except offline ones (parked maintenance vehicles still do).
    const { changes } = await pullAll(0, 1000);
    const latest = new Map<string, string>();
    for (const c of changes) if (c.table === 'vehicle' && c.row) latest.set(c.key, (c.row as { status: string }).status);
    const reporting = [...latest.values()].filter((s) => s !== 'offline').length;
    expect(latest.size).toBe(120);
    expect(batch.count).toBe(reporting);
    expect(reporting).toBeGreaterThanOrEqual(118);
    expect(new Set(batch.vehicleNo).size).toBe(batch.count);
    for (let i = 0; i < batch.count; i++) {
      expect(batch.lon[i]).toBeGreaterThan(11.85);
      expect(batch.lon[i]).toBeLessThan(12.1);
      expect(batch.lat[i]).toBeGreaterThan(57.64);
      expect(batch.lat[i]).toBeLessThan(57.77);
    }
    await live.close();
  });

  it('answers 404 on other paths', async () => {
    const ws = new WebSocket(server.url.replace(/^http/, 'ws') + '/other');
    const status = await new Promise<number>((resolve) => {
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('error', () => resolve(-1));
    });
    expect(status).toBe(404);
  });
});

describe('fault injection', () => {
  it('takes the link down and brings it back', async () => {
    server.faults.set({ offline: true });
    await expect(centralFetch(server.url + '/health')).rejects.toThrow();
    server.faults.set({ offline: false, httpErrorRate: 1 });
    expect((await centralFetch(server.url + '/health')).status).toBe(503);
    server.faults.set({ httpErrorRate: 0 });
    expect((await centralFetch(server.url + '/health')).status).toBe(200);
  });
});

describe('restart', () => {
  it('keeps data, cursor and command results across a restart', async () => {
    const t = tempDir();
    try {
      const a = await createCentralServer({ dbPath: t.db(), simulate: false, routeSliceMs: Infinity });
      const cmd = stockAdjust(-3);
      const r1 = (await centralFetch(a.url + '/commands', { method: 'POST', body: JSON.stringify(cmd) }).then((r) => r.json())) as unknown;
      for (let i = 0; i < 5; i++) a.simulator.tick(5);
      const before = healthSchema.parse(await centralFetch(a.url + '/health').then((r) => r.json())).cursor;
      expect(before).toBeGreaterThan(SEED_CHANGES);
      await a.close();

      const b = await createCentralServer({ dbPath: t.db(), simulate: false, routeSliceMs: Infinity });
      try {
        expect(healthSchema.parse(await centralFetch(b.url + '/health').then((r) => r.json())).cursor).toBe(before);
        const again = (await centralFetch(b.url + '/commands', { method: 'POST', body: JSON.stringify(cmd) }).then((r) => r.json())) as unknown;
        expect(again).toEqual(r1);
        // Not seeded twice: the first page still starts at seq 1 with the first site.
        const page = changesPageSchema.parse(await centralFetch(b.url + '/changes?limit=1').then((r) => r.json()));
        expect(page.changes[0]).toMatchObject({ seq: 1, table: 'unit' });
        const tail = changesPageSchema.parse(await centralFetch(`${b.url}/changes?since=${before}`).then((r) => r.json()));
        expect(tail.changes).toEqual([]);
      } finally {
        await b.close();
      }
    } finally {
      t.remove();
    }
  });
});
