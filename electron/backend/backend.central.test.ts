/**
 * The backend against the real central reference server on loopback, with real
 * SQLite files on both sides: the initial sync fills the cache, positions stream in,
 * and a restarted backend resumes from its stored cursor.
 */
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCentralServer, type CentralServer } from '../../central/server';
import { centralFetch, ensureDemoCity } from '../../central/test-support';
import { decodePositions } from '../../shared/positions-codec';
import type { MethodResult } from '../../shared/board-api';
import { createBackend, type Backend } from './backend';
import { tempDir, testCacheKey, waitFor } from './test-support';

const cacheKey = testCacheKey();

const baseMapPath = resolve(import.meta.dirname, '../../resources/demo-city/build/basemap.mbtiles');
const quiet = () => {};

let tmp: ReturnType<typeof tempDir>;
let central: CentralServer;
const backends: Backend[] = [];

const startBackend = () => {
  const b = createBackend({ cacheKey, dbPath: join(tmp.dir, 'cache.sqlite'), centralUrl: central.url, baseMapPath, log: quiet });
  backends.push(b);
  b.start();
  return b;
};
const centralCursor = async () => ((await (await centralFetch(`${central.url}/health`)).json()) as { cursor: number }).cursor;

beforeAll(async () => {
  await ensureDemoCity();
  tmp = tempDir('jb-int-');
  central = await createCentralServer({ dbPath: join(tmp.dir, 'central.sqlite'), port: 0, tickMs: 250 });
}, 120_000);
afterAll(async () => {
  for (const b of backends) await b.close();
  await central?.close();
  tmp?.remove();
});

describe('backend + central reference server', () => {
  let first: Backend;

  it('fills the cache on the initial sync', async () => {
    first = startBackend();
    await waitFor(() => first.stats().link.state === 'connected', 'connected');
    await waitFor(async () => first.stats().cursor >= (await centralCursor()) - 5, 'caught up');
    const snap = (await first.call('board.snapshot', {})) as MethodResult<'board.snapshot'>;
    expect(snap.sites).toHaveLength(14);
    expect(snap.sites.filter((s) => s.kind === 'central')).toHaveLength(1);
    expect(snap.sites.filter((s) => s.kind === 'regional')).toHaveLength(3);
    expect(snap.sites.filter((s) => s.kind === 'quickpick')).toHaveLength(10);
    expect(snap.items.length).toBeGreaterThanOrEqual(11);
    expect(snap.vehicles).toHaveLength(120);
    const depot = (await first.call('site.detail', { siteId: snap.sites.find((s) => s.kind === 'central')!.id })) as MethodResult<'site.detail'>;
    expect(depot.stock.find((l) => l.item.nameEn.includes('N95'))?.quantity).toBeGreaterThan(10_000);
  });

  it('streams positions into the cache and on to subscribers', async () => {
    const frames: ArrayBuffer[] = [];
    const off = first.subscribe((m) => {
      if (m instanceof ArrayBuffer) frames.push(m);
    });
    await waitFor(() => frames.length >= 3, 'three position frames');
    off();
    const last = decodePositions(frames.at(-1)!);
    expect(last.count).toBeGreaterThan(100);
    for (let i = 0; i < last.count; i++) {
      expect(last.lon[i]).toBeGreaterThan(11.8);
      expect(last.lon[i]).toBeLessThan(12.1);
      expect(last.lat[i]).toBeGreaterThan(57.6);
      expect(last.lat[i]).toBeLessThan(57.8);
    }
    const snap = (await first.call('board.snapshot', {})) as MethodResult<'board.snapshot'>;
    expect(snap.positions.length).toBe(last.count);
    const moving = snap.vehicles.find((v) => v.status === 'enroute' || v.status === 'returning')!;
    await waitFor(async () => ((await first.call('vehicle.detail', { vehicleId: moving.id })) as MethodResult<'vehicle.detail'>).trail.length >= 2, 'a trail');
  });

  it('resumes from the stored cursor after a restart instead of downloading everything again', async () => {
    const initialChanges = central.stats().changesServed;
    const storedCursor = first.stats().cursor;
    await first.close();
    // Something changes while the backend is away.
    const res = await centralFetch(`${central.url}/commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ id: crypto.randomUUID(), type: 'stock.adjust', issuedAt: Date.now(), payload: { siteId: 'depot-central', itemId: 'n95-mask', delta: -100, reason: 'test' } }),
    });
    expect(res.status).toBe(200);
    const before = central.stats().changesServed;
    const second = startBackend();
    await waitFor(() => second.stats().link.state === 'connected', 'reconnected');
    await waitFor(async () => second.stats().cursor >= (await centralCursor()) - 5, 'caught up again');
    const downloaded = central.stats().changesServed - before;
    const missed = second.stats().cursor - storedCursor;
    expect(downloaded).toBeLessThanOrEqual(missed + 5);
    expect(downloaded).toBeLessThan(initialChanges / 4);
    const depot = (await second.call('site.detail', { siteId: 'depot-central' })) as MethodResult<'site.detail'>;
    expect(depot.stock.length).toBeGreaterThan(5);
  });

  it('serves base-map tiles from the MBTiles file', async () => {
    const b = backends.at(-1)!;
    const info = (await b.call('map.info', {})) as MethodResult<'map.info'>;
    expect(info.layers).toContain('roads');
    const [lon, lat] = info.center;
    const z = 14;
    const x = Math.floor(((lon + 180) / 360) * 2 ** z);
    const y = Math.floor(((1 - Math.log(Math.tan((lat * Math.PI) / 180) + 1 / Math.cos((lat * Math.PI) / 180)) / Math.PI) / 2) * 2 ** z);
    const tile = (await b.call('map.tile', { z, x, y })) as MethodResult<'map.tile'>;
    // Bytes, not base64: a plain Uint8Array of exactly the tile (no pooled Buffer behind it), an MVT (its first field is a layer).
    expect(tile.data).toBeInstanceOf(Uint8Array);
    expect(Buffer.isBuffer(tile.data)).toBe(false);
    expect(tile.data!.byteLength).toBeGreaterThan(1000);
    expect(tile.data!.buffer.byteLength).toBe(tile.data!.byteLength);
    expect(tile.data![0]).toBe(0x1a);
    expect(((await b.call('map.tile', { z: 3, x: 0, y: 0 })) as MethodResult<'map.tile'>).data).toBeNull();
  });

  it('serves the city\'s street names, the whole city, built with the base map (the demo has no place names)', async () => {
    const b = backends.at(-1)!;
    const { streets, places } = (await b.call('map.names', {})) as MethodResult<'map.names'>;
    expect(places).toEqual([]);
    expect(streets.length).toBeGreaterThan(1000);
    const avenyn = streets.find((s) => s.name === 'Kungsportsavenyen')!;
    expect(avenyn.lon).toBeCloseTo(11.976, 1);
    expect(avenyn.lat).toBeCloseTo(57.70, 1);
  });
});
